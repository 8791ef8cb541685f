public import NodeStore

extension LiveCache {
    /// The node store configured from the server's configuration.
    public convenience init(configuration: ServerConfiguration) {
        self.init(configuration: configuration.nodeStore)
    }
}

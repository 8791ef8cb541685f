/// How a user names a rule or a recording on the command line: its id, a unique id prefix (at least 4
/// characters), or a unique name.
enum Reference {
    /// The id `reference` names among `items`; `noun` and `list` word the errors (`rule`, `podwatch rules list`).
    static func resolve(
        _ reference: String,
        among items: [(id: String, name: String)],
        noun: String,
        list: String
    ) throws -> String {
        if let exact = items.first(where: { $0.id == reference }) { return exact.id }
        var matches = items.filter { $0.name == reference }
        if matches.isEmpty, reference.count >= 4 { matches = items.filter { $0.id.hasPrefix(reference) } }
        guard let first = matches.first else {
            throw CLIError(.notFound, "no \(noun) '\(Table.printable(reference))': `\(list)` shows them")
        }
        guard matches.count == 1 else {
            throw CLIError(.usage, "'\(Table.printable(reference))' names \(matches.count) \(noun)s: give the id")
        }
        return first.id
    }
}

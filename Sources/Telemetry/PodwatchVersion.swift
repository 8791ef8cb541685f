/// The release every binary reports (`--version`, `/api/v1/server`, `podwatch status`).
public enum PodwatchVersion: Sendable {
    public static let string = "0.5.0"
}

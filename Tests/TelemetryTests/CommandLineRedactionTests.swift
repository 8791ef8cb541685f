import Telemetry
import Testing

@Suite struct CommandLineRedactionTests {
    static let cases: [([String], [String])] = [
        (["redis-server", "--requirepass", "s3cret"], ["redis-server", "--requirepass", "•••"]),
        (["app", "--db-password=s3cret", "--port=80"], ["app", "--db-password=•••", "--port=80"]),
        (["env", "PGPASSWORD=s3cret", "HOME=/root"], ["env", "PGPASSWORD=•••", "HOME=/root"]),
        (["psql", "postgres://app:s3cret@db:5432/app"], ["psql", "postgres://app:•••@db:5432/app"]),
        (
            ["sh", "-c", "redis-server --requirepass s3cret --port 6379"],
            ["sh", "-c", "redis-server --requirepass ••• --port 6379"]
        ),
        (["vault", "-token", "hvs.abc", "-address", "x"], ["vault", "-token", "•••", "-address", "x"]),
        (["nginx", "-g", "daemon off;"], ["nginx", "-g", "daemon off;"]),
        // A flag that looks secret but takes no value: the next flag is not masked.
        (["app", "--auth", "--verbose"], ["app", "--auth", "--verbose"]),
        // The program's own path is never a value, whatever it is called.
        (["/usr/bin/keydb-server", "--port", "6379"], ["/usr/bin/keydb-server", "--port", "6379"]),
        (
            ["podwatch-server", "--discord-webhook", "https://discord.com/api/webhooks/1/abc"],
            ["podwatch-server", "--discord-webhook", "•••"]
        ),
    ]

    @Test(arguments: Self.cases) func secretsAreMasked(_ input: [String], _ expected: [String]) {
        #expect(CommandLineRedaction.standard.redact(input) == expected)
        // Redacting twice changes nothing more (the server may see the same command line again).
        #expect(CommandLineRedaction.standard.redact(expected) == expected)
    }

    @Test func showSecretsStillHidesPodwatchsOwnFlags() {
        let redaction = CommandLineRedaction.podwatchFlagsOnly
        #expect(
            redaction.redact(["redis-server", "--requirepass", "s3cret"]) == [
                "redis-server", "--requirepass", "s3cret",
            ]
        )
        #expect(
            redaction.redact(["psql", "postgres://app:s3cret@db/app"]) == ["psql", "postgres://app:s3cret@db/app"]
        )
        #expect(
            redaction.redact(["podwatch-agent", "--token", "t0k3n", "--admin-token=x", "--webhook=https://h/x"])
                == ["podwatch-agent", "--token", "•••", "--admin-token=•••", "--webhook=•••"]
        )
    }

    @Test func oddArgumentsPassThrough() {
        let odd = ["", "=", "-", "--", "://", "a://@", "x://:@h", "--=v", String(repeating: "p", count: 10_000)]
        #expect(CommandLineRedaction.standard.redact(odd) == odd)
    }
}

extension AlertRule {
    /// Stored definitions (JSON documents in `alert_rules`) written before a field existed decode with its
    /// default, so adding a rule field needs no migration.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try container.decode(String.self, forKey: .id),
            name: try container.decode(String.self, forKey: .name),
            target: try container.decode(AlertTarget.self, forKey: .target),
            metric: try container.decode(String.self, forKey: .metric),
            comparison: try container.decode(AlertOperator.self, forKey: .comparison),
            threshold: try container.decode(Double.self, forKey: .threshold),
            resolveThreshold: try container.decodeIfPresent(Double.self, forKey: .resolveThreshold),
            forSeconds: try container.decode(Int.self, forKey: .forSeconds),
            severity: try container.decode(AlertSeverity.self, forKey: .severity),
            enabled: try container.decode(Bool.self, forKey: .enabled),
            channels: try container.decode([String].self, forKey: .channels),
            renotifySeconds: try container.decode(Int.self, forKey: .renotifySeconds),
            discordMentions: try container.decodeIfPresent([String].self, forKey: .discordMentions) ?? [],
            profileOnFireSeconds: try container.decodeIfPresent(Int.self, forKey: .profileOnFireSeconds) ?? 0,
            groupBy: try container.decodeIfPresent(AlertGrouping.self, forKey: .groupBy) ?? .namespace
        )
    }
}

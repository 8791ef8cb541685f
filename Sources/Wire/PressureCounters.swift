import KernelStats

/// PSI lines in counter tables (cgroups and the node): for each of `some` and `full`, the total stall time,
/// then the 10, 60 and 300 s averages as IEEE-754 bit patterns; four absent counters for an absent line.
enum PressureCounters {
    static let count = 8

    static func append(_ pressure: Pressure?, to counters: inout [UInt64?]) {
        Self.append(pressure?.some, to: &counters)
        Self.append(pressure?.full, to: &counters)
    }

    /// Writes the eight counters starting at `start` back into an existing pressure value.
    static func set(_ pressure: inout Pressure?, _ counters: [UInt64?], at start: Int) {
        guard var value = pressure, start + Self.count <= counters.count else { return }
        Self.set(&value.some, counters, at: start)
        Self.set(&value.full, counters, at: start + 4)
        pressure = value
    }

    private static func append(_ line: PressureLine?, to counters: inout [UInt64?]) {
        guard let line else { return counters.append(contentsOf: [nil, nil, nil, nil] as [UInt64?]) }
        counters.append(line.totalMicroseconds)
        counters.append(line.avg10.bitPattern)
        counters.append(line.avg60.bitPattern)
        counters.append(line.avg300.bitPattern)
    }

    private static func set(_ line: inout PressureLine?, _ counters: [UInt64?], at start: Int) {
        guard line != nil else { return }
        line?.totalMicroseconds = counters[start] ?? 0
        line?.avg10 = Double(bitPattern: counters[start + 1] ?? 0)
        line?.avg60 = Double(bitPattern: counters[start + 2] ?? 0)
        line?.avg300 = Double(bitPattern: counters[start + 3] ?? 0)
    }
}

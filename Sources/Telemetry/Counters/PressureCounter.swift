/// A PSI value's eight counters, declared once (cgroup and node tables embed them in this order): for each of
/// `some` and `full`, the total stall time, then the 10, 60 and 300 s averages as IEEE-754 bit patterns; four
/// absent counters for an absent line.
package enum PressureCounter: Int, CaseIterable, Sendable {
    case someTotal, someAvg10, someAvg60, someAvg300, fullTotal, fullAvg10, fullAvg60, fullAvg300

    package static let count = Self.allCases.count

    package func read(_ pressure: Pressure?) -> UInt64? {
        switch self {
        case .someTotal: pressure?.some?.totalMicroseconds
        case .someAvg10: pressure?.some?.avg10.bitPattern
        case .someAvg60: pressure?.some?.avg60.bitPattern
        case .someAvg300: pressure?.some?.avg300.bitPattern
        case .fullTotal: pressure?.full?.totalMicroseconds
        case .fullAvg10: pressure?.full?.avg10.bitPattern
        case .fullAvg60: pressure?.full?.avg60.bitPattern
        case .fullAvg300: pressure?.full?.avg300.bitPattern
        }
    }

    /// Writes into a pressure value and line that exist (a table of the same shape never carries others).
    package func write(_ value: UInt64?, to pressure: inout Pressure) {
        let bits = value ?? 0
        switch self {
        case .someTotal: pressure.some?.totalMicroseconds = bits
        case .someAvg10: pressure.some?.avg10 = Double(bitPattern: bits)
        case .someAvg60: pressure.some?.avg60 = Double(bitPattern: bits)
        case .someAvg300: pressure.some?.avg300 = Double(bitPattern: bits)
        case .fullTotal: pressure.full?.totalMicroseconds = bits
        case .fullAvg10: pressure.full?.avg10 = Double(bitPattern: bits)
        case .fullAvg60: pressure.full?.avg60 = Double(bitPattern: bits)
        case .fullAvg300: pressure.full?.avg300 = Double(bitPattern: bits)
        }
    }
}

/// The eight pressure counters in tables.
package enum PressureCounters {
    package static func append(_ pressure: Pressure?, to counters: inout [UInt64?]) {
        for counter in PressureCounter.allCases { counters.append(counter.read(pressure)) }
    }

    /// Writes the eight counters starting at `start` back into an existing pressure value.
    package static func set(_ pressure: inout Pressure?, _ counters: [UInt64?], at start: Int) {
        guard var value = pressure, start + PressureCounter.count <= counters.count else { return }
        for counter in PressureCounter.allCases { counter.write(counters[start + counter.rawValue], to: &value) }
        pressure = value
    }
}

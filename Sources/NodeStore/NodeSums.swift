package import Telemetry

/// Node totals the overview, the API and the alert metrics share: network and disk bytes per second both ways.
package enum NodeSums {
    package static func network(_ rates: NodeRates?) -> Double? {
        guard let rx = rates?.networkRxBytesPerSecond, let tx = rates?.networkTxBytesPerSecond else { return nil }
        return rx + tx
    }

    package static func disk(_ rates: NodeRates?) -> Double? {
        guard let read = rates?.diskReadBytesPerSecond, let write = rates?.diskWriteBytesPerSecond else { return nil }
        return read + write
    }
}

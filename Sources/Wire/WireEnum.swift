/// An enum from its wire string, or a clear error naming the field (used by the generated conversions).
func wireEnum<T: RawRepresentable>(_ type: T.Type, _ raw: String, field: String) throws(WireError) -> T
where T.RawValue == String {
    guard let value = T(rawValue: raw) else {
        throw WireError.malformedPayload("\(field): unknown value '\(raw.prefix(40))'")
    }
    return value
}

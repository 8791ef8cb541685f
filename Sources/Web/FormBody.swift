import Hummingbird

/// A posted `application/x-www-form-urlencoded` body, decoded; a body that cannot be read is a 400 saying why.
enum FormBody {
    /// Our forms are a few hundred bytes; a larger body is refused (413) before it is buffered.
    static let maximumBytes = 64 << 10

    static func decode<T: Decodable>(_ type: T.Type, _ request: Request) async throws -> T {
        let buffer = try await request.body.collect(upTo: Self.maximumBytes)
        do {
            return try URLEncodedFormDecoder().decode(type, from: String(buffer: buffer))
        } catch {
            throw HTTPError(.badRequest, message: "The form could not be read: \(error)")
        }
    }
}

import AlertEngine
import HTTPTypes
import Profiles
import Recordings

// The one place the alert and profile services' refusals become HTTP statuses (docs/api.md): the services
// name what went wrong, the web layer decides how to say it.

extension ProfileError {
    var httpStatus: HTTPResponse.Status {
        switch self.kind {
        case .invalid: .badRequest
        case .conflict: .conflict
        case .busy: .tooManyRequests
        case .agentUnavailable: .serviceUnavailable
        }
    }
}

extension AlertCenterError {
    var httpStatus: HTTPResponse.Status {
        switch self {
        case .invalid: .badRequest
        case .notFound: .notFound
        case .unavailable: .serviceUnavailable
        }
    }
}

extension RecordingError {
    var httpStatus: HTTPResponse.Status {
        switch self {
        case .invalid: .badRequest
        case .notFound: .notFound
        case .budgetFull: HTTPResponse.Status(code: 507, reasonPhrase: "Insufficient Storage")
        case .disabled: .serviceUnavailable
        case .storage: .internalServerError
        }
    }
}

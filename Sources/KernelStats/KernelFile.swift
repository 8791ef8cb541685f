internal import SystemPackage

/// A reusable read buffer: one per reader, so a steady pass does not allocate for file contents.
public struct ReadBuffer: Sendable {
    /// The largest file read (procfs' own readers cap at 1 MiB for the same reason: a runaway file).
    public static let maximumSize = 1 << 20
    var storage: [UInt8]

    public init(initialCapacity: Int = 16 * 1024) {
        self.storage = [UInt8](repeating: 0, count: initialCapacity)
    }
}

/// One kernel file kept open and re-read with `pread` at offset 0 — the cheapest way to sample
/// procfs and cgroupfs. For `/proc/PID/*` a kept descriptor fails with ESRCH once the process is gone,
/// so it can never read a recycled PID.
///
/// Not Sendable: each collector owns its files and uses them from one task.
public final class KernelFile {
    /// The path opened, used in errors.
    public let path: String
    private let descriptor: FileDescriptor

    /// Opens `path` read-only. Throws ``KernelStatsError/Kind/gone`` when it does not exist.
    public init(path: String) throws(KernelStatsError) {
        self.path = path
        do {
            self.descriptor = try FileDescriptor.open(FilePath(path), .readOnly, options: [.closeOnExec])
        } catch {
            throw Self.error(for: error, path: path, action: "open")
        }
    }

    deinit {
        try? self.descriptor.close()
    }

    /// Reads the whole file from offset 0 into `buffer` and returns the bytes read. Never stats: procfs
    /// reports sizes of 0 or 4096 whatever the content.
    public func read(into buffer: inout ReadBuffer) throws(KernelStatsError) -> ArraySlice<UInt8> {
        var total = 0
        while true {
            if total == buffer.storage.count {
                guard buffer.storage.count < ReadBuffer.maximumSize else {
                    throw KernelStatsError(
                        .tooLarge,
                        file: self.path,
                        detail: "larger than \(ReadBuffer.maximumSize) bytes"
                    )
                }
                buffer.storage.append(contentsOf: repeatElement(0, count: buffer.storage.count))
            }
            let offset = total
            let result: Result<Int, Errno> = buffer.storage.withUnsafeMutableBytes { raw in
                let window = UnsafeMutableRawBufferPointer(rebasing: raw[offset...])
                do {
                    return .success(
                        try self.descriptor.read(
                            fromAbsoluteOffset: Int64(offset),
                            into: window,
                            retryOnInterrupt: true
                        )
                    )
                } catch let errno as Errno {
                    return .failure(errno)
                } catch {
                    return .failure(.ioError)
                }
            }
            switch result {
            case .success(0):
                return buffer.storage[0..<total]
            case .success(let count):
                total += count
            case .failure(let errno):
                throw Self.error(for: errno, path: self.path, action: "read")
            }
        }
    }

    /// Opens, reads and closes `path` in one go, for files read once (e.g. `cmdline` of a new process).
    public static func readOnce(
        _ path: String,
        into buffer: inout ReadBuffer
    ) throws(KernelStatsError) -> ArraySlice<UInt8> {
        try KernelFile(path: path).read(into: &buffer)
    }

    /// Whether `path` can be opened now (for files some kernels lack, looked for once).
    public static func exists(_ path: String) -> Bool {
        (try? KernelFile(path: path)) != nil
    }

    static func error(for error: any Error, path: String, action: String) -> KernelStatsError {
        guard let errno = error as? Errno else {
            return KernelStatsError(.unreadable, file: path, detail: "\(action) failed: \(error)")
        }
        switch errno {
        case .noSuchFileOrDirectory, .noSuchProcess, .operationNotSupportedByDevice:
            // ENODEV: a kept descriptor of a cgroup file whose cgroup was removed.
            return KernelStatsError(.gone, file: path, detail: "\(action): \(errno)")
        case .tooManyOpenFiles, .tooManyOpenFilesInSystem:
            return KernelStatsError(.outOfDescriptors, file: path, detail: "\(action): \(errno)")
        default:
            return KernelStatsError(.unreadable, file: path, detail: "\(action): \(errno)")
        }
    }
}

@available(*, unavailable, message: "owned by one collector")
extension KernelFile: Sendable {}

extension KernelFile {
    /// Reads and parses in one call; parse errors carry this file's real path.
    public func parse<T: KernelFileParsable>(_: T.Type, buffer: inout ReadBuffer) throws(KernelStatsError) -> T {
        let bytes = try self.read(into: &buffer)
        do {
            return try T(parsing: bytes)
        } catch {
            var located = error
            located.file = self.path
            throw located
        }
    }
}

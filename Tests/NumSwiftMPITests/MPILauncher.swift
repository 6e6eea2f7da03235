import Foundation

/// Runs a program of this package's build under `mpirun` (or alone) with a hard time limit, so a
/// test can never hang: mpirun's own `--timeout` ends the job, and the test kills mpirun if even
/// that does not return.
enum MPILauncher {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
        var seconds: Double
        var timedOut: Bool
    }

    /// The directory holding the built products (next to the test bundle's executable).
    static var buildDirectory: URL {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var dir = URL(fileURLWithPath: exe).deletingLastPathComponent()
        // The test executable may sit inside a `.xctest` bundle directory.
        while dir.pathExtension == "xctest" || dir.lastPathComponent == "Contents" { dir.deleteLastPathComponent() }
        return dir
    }

    /// Path of a built executable product, e.g. `MPISelfTest` or `numswift`.
    static func product(_ name: String) -> String { buildDirectory.appendingPathComponent(name).path }

    /// Whether `mpirun` is on the PATH.
    static var hasMPIRun: Bool {
        (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":").contains {
            FileManager.default.isExecutableFile(atPath: "\($0)/mpirun")
        }
    }

    /// Runs `program args` on `ranks` processes (`ranks == 0`: without mpirun), stopped after
    /// `timeout` seconds.
    ///
    /// Output goes to temporary files, not pipes, and the child is waited for with `waitpid`: the
    /// test process itself runs MPI (singleton init), whose helper daemon `orted` inherits any
    /// pipe open at the moment it starts and would keep a reader from ever seeing end of file.
    static func run(ranks: Int, _ program: String, _ args: [String], timeout: Double = 60) throws -> Run {
        var argv = [program] + args
        if ranks > 0 {
            argv = ["mpirun", "--allow-run-as-root", "--oversubscribe", "--timeout", "\(Int(timeout))", "-np", "\(ranks)"] + argv
        }
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("mpirun-\(UUID().uuidString)").path
        let outPath = tmp + ".out", errPath = tmp + ".err"
        defer { for p in [outPath, errPath] { try? FileManager.default.removeItem(atPath: p) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        // What the in-process singleton job put into the environment must not make the child
        // believe it belongs to that job.
        var env = ProcessInfo.processInfo.environment.filter { k, _ in !["OMPI_", "PMIX_", "OPAL_", "ORTE_"].contains { k.hasPrefix($0) } }
        env["OPENBLAS_NUM_THREADS"] = "1"
        let cArgs = argv.map { strdup($0) } + [nil]
        let cEnv = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for p in cArgs + cEnv { free(p) } }
        var pid: pid_t = 0
        let t0 = Date()
        let rc = posix_spawnp(&pid, argv[0], &actions, nil, cArgs, cEnv)
        guard rc == 0 else { throw POSIXError(POSIXErrorCode(rawValue: rc) ?? .EINVAL) }
        var status: Int32 = 0
        var timedOut = false
        var termSent: Date?
        while waitpid(pid, &status, WNOHANG) == 0 {
            let waited = Date().timeIntervalSince(t0)
            if waited > timeout + 10 && termSent == nil {
                timedOut = true
                kill(pid, SIGTERM)  // mpirun passes it on to the ranks
                termSent = Date()
            } else if let t = termSent, Date().timeIntervalSince(t) > 5 {
                kill(pid, SIGKILL)
            }
            usleep(20_000)
        }
        let exited = (status & 0x7F) == 0
        let code = exited ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        let read = { (p: String) in (try? String(contentsOfFile: p, encoding: .utf8)) ?? "" }
        return Run(status: code, stdout: read(outPath), stderr: read(errPath), seconds: Date().timeIntervalSince(t0), timedOut: timedOut)
    }
}

import CMPI

#if canImport(Glibc)
    import Glibc
#endif

/// Process-wide MPI state: initialisation (once), the thread level granted, and finalisation.
///
/// A process started by `mpirun` joins its job; a process started on its own becomes a job of one
/// rank (Open MPI's singleton init), so single-process use needs no launcher. MPI can be
/// initialised only once per process: after `finalize()` every call throws `MPIError.finalized`.
///
/// References: MPI 4.0 standard §11.2 (MPI_Init_thread, MPI_Finalize); Open MPI 4.1 singleton
/// MPI_COMM_WORLD.
public enum MPIRuntime {
    // A mutex guards every use, so sharing the pointer between threads is safe.
    nonisolated(unsafe) private static let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private static let lockReady: Bool = {
        pthread_mutex_init(lock, nil)
        return true
    }()
    nonisolated(unsafe) private static var threadLevel: Int32 = -1

    /// Initialises MPI when needed (MPI_THREAD_MULTIPLE requested) and sets `MPI_ERRORS_RETURN` on
    /// `MPI_COMM_WORLD`. Safe to call many times and from any thread.
    /// - Throws: `MPIError.finalized` after `finalize()`, `MPIError.call` when MPI refuses.
    public static func initialize() throws {
        _ = lockReady
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        var done: Int32 = 0
        try check(MPI_Finalized(&done), "MPI_Finalized")
        if done != 0 { throw MPIError.finalized }
        try check(MPI_Initialized(&done), "MPI_Initialized")
        if done == 0 {
            var provided: Int32 = 0
            try check(MPI_Init_thread(nil, nil, cmpi_thread_multiple(), &provided), "MPI_Init_thread")
            threadLevel = provided
        } else if threadLevel < 0 {
            var provided: Int32 = 0
            try check(MPI_Query_thread(&provided), "MPI_Query_thread")
            threadLevel = provided
        }
        try check(MPI_Comm_set_errhandler(cmpi_comm_world(), cmpi_errors_return()), "MPI_Comm_set_errhandler")
    }

    /// Whether MPI is initialised and not yet finalised.
    public static var isActive: Bool {
        var ini: Int32 = 0, fin: Int32 = 0
        MPI_Initialized(&ini)
        MPI_Finalized(&fin)
        return ini != 0 && fin == 0
    }

    /// Whether the granted thread level lets several threads call MPI at once.
    public static var allowsConcurrentCalls: Bool { threadLevel == cmpi_thread_multiple() }

    /// Whether this process was started by `mpirun`/`mpiexec` (Open MPI sets OMPI_COMM_WORLD_SIZE).
    public static var launchedByMPIRun: Bool { getenv("OMPI_COMM_WORLD_SIZE") != nil }

    /// Finalises MPI (collective over MPI_COMM_WORLD: every rank must call it). Does nothing when
    /// MPI was never initialised or is already finalised.
    /// - Throws: `MPIError.call` when MPI_Finalize fails.
    public static func finalize() throws {
        _ = lockReady
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        guard isActive else { return }
        try check(MPI_Finalize(), "MPI_Finalize")
    }
}

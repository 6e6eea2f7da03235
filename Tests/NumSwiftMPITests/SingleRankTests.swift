import Testing

/// The binding on MPI_COMM_WORLD of one rank through Open MPI's singleton init (no mpirun), where
/// every collective is the identity. It runs in a child process (`MPISelfTest single`): the
/// singleton init forks, and a fork inside the test process can deadlock in OpenBLAS's fork
/// handler while tests running in parallel keep its worker threads busy.
@Suite(.serialized) struct SingleRankTests {
    @Test func singletonInitNeedsNoLauncherAndBadArgumentsThrowWithoutCallingMPI() throws {
        let run = try MPILauncher.run(ranks: 0, MultiRankTests.selfTest, ["single"], timeout: 60)
        #expect(!run.timedOut)
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        #expect(run.stdout.contains("ok rank 0 of 1"), "\(run.stdout)")
    }
}

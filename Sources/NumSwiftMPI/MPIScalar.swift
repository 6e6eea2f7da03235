import CMPI

/// A Swift type with an MPI datatype of the same size and layout.
public protocol MPIScalar {
    /// The matching MPI datatype handle.
    static var mpiDatatype: MPI_Datatype { get }
}

/// A scalar that MPI can sum, as `allReduce` needs (the three types NumSwift reduces).
public protocol MPIReducible: MPIScalar {}

extension UInt8: MPIScalar { public static var mpiDatatype: MPI_Datatype { cmpi_byte() } }
extension Int32: MPIScalar { public static var mpiDatatype: MPI_Datatype { cmpi_int32() } }
extension UInt32: MPIScalar { public static var mpiDatatype: MPI_Datatype { cmpi_uint32() } }
extension UInt64: MPIScalar { public static var mpiDatatype: MPI_Datatype { cmpi_uint64() } }
extension Float: MPIReducible { public static var mpiDatatype: MPI_Datatype { cmpi_float() } }
extension Double: MPIReducible { public static var mpiDatatype: MPI_Datatype { cmpi_double() } }
extension Int64: MPIReducible { public static var mpiDatatype: MPI_Datatype { cmpi_int64() } }

/// The reductions `Communicator.allReduce` offers.
public enum ReduceOp: Sendable {
    /// Element-wise sum (floating-point sums depend on the reduction order MPI picks).
    case sum
    /// Element-wise maximum.
    case max
    /// Element-wise minimum.
    case min

    var handle: MPI_Op {
        switch self {
        case .sum: return cmpi_op_sum()
        case .max: return cmpi_op_max()
        case .min: return cmpi_op_min()
        }
    }
}

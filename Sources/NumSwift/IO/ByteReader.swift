import Foundation
import NumSwiftSupport

/// NumSwift's file errors through the shared readers and writers of NumSwiftSupport.
extension NumSwiftError: FileErrorReporting {}

/// Reads a whole file, transparently decompressing gzip, into memory.
///
/// - Parameter path: a plain or `.gz` file.
/// - Returns: the file's (decompressed) bytes.
/// - Throws: `NumSwiftError.io` when the file cannot be opened, or is a truncated or corrupt gzip stream.
func readAllBytes(path: String) throws -> [UInt8] {
    try NumSwiftSupport.readAllBytes(path, errors: NumSwiftError.self)
}

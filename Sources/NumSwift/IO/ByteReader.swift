import Foundation
import NumSwiftSupport

/// NumSwift's file errors through the shared readers and writers of NumSwiftSupport.
extension NumSwiftError: FileErrorReporting {}

/// Reads a whole file, transparently decompressing gzip, into memory.
///
/// Memory stays bounded: a file (or stream such as `/dev/zero`) that would exceed half of the
/// available memory stops with an error, and when `expectedSize` can tell the total size from the
/// bytes read so far (a header), reading stops with an error as soon as the data runs past it.
///
/// - Parameters:
///   - path: a plain or `.gz` file.
///   - expectedSize: called with the bytes read so far; returns the file's total size once the
///     header says it (nil while more bytes are needed), or throws for a bad header.
/// - Returns: the file's (decompressed) bytes.
/// - Throws: `NumSwiftError.io` when the file cannot be opened (a directory is named as such), is a
///   truncated or corrupt gzip stream, is larger than memory or runs past the size its header
///   gives; what `expectedSize` throws.
func readAllBytes(path: String, expectedSize: (([UInt8]) throws -> Int?)? = nil) throws -> [UInt8] {
    try NumSwiftSupport.readAllBytes(path, errors: NumSwiftError.self, expectedSize: expectedSize)
}

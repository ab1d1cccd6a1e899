// The libFuzzer entry points for the package's fuzz targets (`FuzzTarget.all` in OAuthTesting).
// Built by run.sh with `swiftc -sanitize=fuzzer,address` against the package's modules; the
// target is named by OAUTH_FUZZ_TARGET. A broken rule is reported as a crash, so libFuzzer
// keeps the input that broke it.
import Foundation
import OAuthTesting

nonisolated(unsafe) var selectedTarget: FuzzTarget?

@_cdecl("LLVMFuzzerInitialize")
public func fuzzerInitialize(_ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>) -> Int32 {
    let name = ProcessInfo.processInfo.environment["OAUTH_FUZZ_TARGET"] ?? ""
    guard let target = FuzzTarget.named(name) else {
        FileHandle.standardError.write(Data("OAUTH_FUZZ_TARGET must name one of: \(FuzzTarget.all.map(\.name).joined(separator: ", ")); got \"\(name)\"\n".utf8))
        exit(2)
    }
    selectedTarget = target
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let target = selectedTarget else { return 0 }
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    if let violation = target.runBlocking(bytes) {
        fatalError("\(target.name): \(violation)")
    }
    return 0
}

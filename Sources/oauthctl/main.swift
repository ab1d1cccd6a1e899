#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

exit(await OAuthCtl.run(Array(CommandLine.arguments.dropFirst()), console: .standard))

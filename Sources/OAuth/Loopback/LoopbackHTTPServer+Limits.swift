import Foundation

extension LoopbackHTTPServer {
    /// Bounds on what clients may ask of the server: how many connections at once, how big a
    /// request may be and how long a client may take to send it.
    ///
    /// Every deadline is a total for its phase, not a per-read timeout, so a client that sends
    /// one byte every few seconds cannot hold a connection longer than the phase allows.
    ///
    /// ```swift
    /// var limits = LoopbackHTTPServer.Limits()
    /// limits.headTimeout = 2
    /// let server = LoopbackHTTPServer(limits: limits) { _ in HTTPResponse(status: 204) }
    /// ```
    public struct Limits: Sendable, Hashable {
        /// The most connections served at once (default 64). While all are busy, new connections
        /// wait in the listen backlog, costing neither a thread nor a descriptor, for up to
        /// ``queueTimeout``; if no connection has finished by then, the server answers
        /// `503 Service Unavailable` with `Retry-After: 1` to every new connection, without
        /// reading its request, until one finishes. A burst larger than the cap is thus served
        /// in turn, and a server held by stalled clients answers at once instead of hanging.
        public var maximumConnections = 64
        /// How long new connections wait in the backlog for a busy server to free a connection
        /// before they are answered `503` (default 1 s; 0 answers `503` at once).
        public var queueTimeout: TimeInterval = 1
        /// The largest request head (request line, fields and the blank line), in bytes
        /// (default 16 KiB). A larger one is answered `431`.
        public var maximumHeaderBytes = 16 * 1024
        /// The most header fields in a request (default 100). More are answered `431`.
        public var maximumHeaderCount = 100
        /// The largest request body, in bytes (default 1 MiB). A larger `Content-Length` is
        /// answered `413` before the body is read.
        public var maximumBodyBytes = 1024 * 1024
        /// How long a client has, from the moment its connection is accepted, to send the
        /// whole request head, in seconds (default 10). Past it: `408`.
        public var headTimeout: TimeInterval = 10
        /// How long a client has, from the end of the head, to send the whole body, in seconds
        /// (default 10). Past it: `408`.
        public var bodyTimeout: TimeInterval = 10
        /// The longest silence between two reads, in seconds (default 5). Past it: `408`.
        public var idleTimeout: TimeInterval = 5
        /// How long writing the response may take in all, in seconds (default 10); a client
        /// that stops reading is then dropped.
        public var writeTimeout: TimeInterval = 10
        /// After refusing a request, how long to keep reading and dropping what the client still
        /// sends, so that closing does not reset the connection before the client reads the
        /// answer, in seconds (default 1).
        public var lingerTimeout: TimeInterval = 1

        /// The default limits.
        public init() {}

        /// The longest silence between two reads (``idleTimeout``), under its earlier name.
        @available(*, deprecated, renamed: "idleTimeout")
        public var readTimeout: TimeInterval {
            get { idleTimeout }
            set { idleTimeout = newValue }
        }
    }
}

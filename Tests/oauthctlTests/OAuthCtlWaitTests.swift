import Foundation
import OAuth
import OAuthTesting
import Testing
@testable import oauthctl

/// What `login` and `device` show while they wait: plain lines when standard error is not a
/// terminal, one line redrawn with a countdown when it is.
@Suite struct OAuthCtlWaitTests {
    @Test func loginSaysWhatItWaitsForAndWhenItGaveUp() async throws {
        let directory = try CLI.temporaryDirectory()
        let file = directory + "/login.json"
        let result = await CLI().run([
            "login", "--authorize-url", "https://as.example/authorize", "--token-url", "https://as.example/token", "--client-id", "c",
            "--no-browser", "--timeout", "1", "--token-file", file,
        ])
        #expect(result.status == 1)
        #expect(result.out.hasPrefix("https://as.example/authorize?response_type=code&client_id=c&redirect_uri=http%3A%2F%2F127.0.0.1%3A"))
        let lines = result.error.split(separator: "\n").map(String.init)
        #expect(lines.first == "Open this URL in a browser to sign in:")
        #expect(lines.contains { $0.hasPrefix("Waiting for the browser at http://127.0.0.1:") && $0.hasSuffix("/callback (up to 1 s)") }, "\(lines)")
        #expect(lines.last?.hasPrefix("error: timeout: login: expected the browser to come back to http://127.0.0.1:") == true, "\(lines)")
        #expect(lines.last?.hasSuffix("within 1 s, got nothing; run login again (--timeout SECONDS waits longer)") == true)
        #expect(!result.error.contains("\u{1B}"), "no terminal codes when standard error is not a terminal")
        #expect(!FileManager.default.fileExists(atPath: file), "nothing is saved")
    }

    @Test func withJSONEveryLineLoginPrintsIsJSON() async throws {
        let result = await CLI().run([
            "login", "--authorize-url", "https://as.example/authorize", "--token-url", "https://as.example/token", "--client-id", "c",
            "--no-browser", "--timeout", "1", "--token-file", try CLI.temporaryDirectory() + "/login.json", "--json",
        ])
        #expect(result.status == 1)
        let lines = result.out.split(separator: "\n").map(String.init)
        #expect(lines.count == 1, "\(result.out)")
        let first = try? JSONParser().parse(Data((lines.first ?? "").utf8))
        #expect(first?[path: ["authorization_url"]]?.stringValue?.hasPrefix("https://as.example/authorize?response_type=code&client_id=c&") == true, "\(result.out)")
        let error = try? JSONParser().parse(Data((result.error.split(separator: "\n").last.map(String.init) ?? "").utf8))
        #expect(error?[path: ["error"]] == "timeout", "\(result.error)")
    }

    @Test func aDeniedSignInIsNotReportedAsACodeBeingExchanged() async throws {
        let file = try CLI.temporaryDirectory() + "/login.json"
        let output = OAuthCtlSandboxTests.Output()
        let task = Task {
            await OAuthCtl.run([
                "login", "--authorize-url", "https://as.example/authorize", "--token-url", "https://as.example/token", "--client-id", "c",
                "--no-browser", "--timeout", "20", "--token-file", file,
            ], console: output.console)
        }
        try await output.wait(for: "\n")
        let url = try #require(URLComponents(string: output.out.trimmingCharacters(in: .whitespacesAndNewlines)))
        let redirect = try #require(url.queryItems?.first { $0.name == "redirect_uri" }?.value)
        let state = try #require(url.queryItems?.first { $0.name == "state" }?.value)
        // The browser comes back with the user's refusal (RFC 6749 §4.1.2.1).
        var callback = try #require(URLComponents(string: redirect))
        callback.queryItems = [URLQueryItem(name: "error", value: "access_denied"), URLQueryItem(name: "state", value: state)]
        _ = try await URLSessionTransport().send(HTTPRequest(url: try #require(callback.url)), limits: .tokenEndpoint)
        #expect(await task.value == 1)
        #expect(output.error.contains("The browser came back"), "\(output.error)")
        #expect(!output.error.contains("exchanging the code"), "no code came: \(output.error)")
        #expect(output.error.contains("error: access_denied"))
        #expect(!FileManager.default.fileExists(atPath: file))
    }

    /// A wait too long to count down in whole seconds is a usage error, never a trap.
    @Test(arguments: ["inf", "1e300", "86401", "nan", "0"])
    func loginRefusesATimeoutItCannotCountDown(timeout: String) async throws {
        let file = try CLI.temporaryDirectory() + "/login.json"
        let result = await CLI().run([
            "login", "--authorize-url", "https://as.example/authorize", "--token-url", "https://as.example/token", "--client-id", "c",
            "--no-browser", "--timeout", timeout, "--token-file", file,
        ])
        #expect(result.status == 2, "\(result.error)")
        #expect(result.error.contains("--timeout: expected seconds above 0 and at most 86400, got \(timeout)"), "\(result.error)")
        #expect(result.out.isEmpty, "nothing is started")
    }

    /// A timeout that runs out before the wait has begun still ends it: the process, started
    /// afresh each time (where the race showed), exits with the timeout instead of waiting forever.
    @Test func aTimeoutShorterThanTheSetUpStillEndsTheWait() async throws {
        let executable = try SharedStoreStressTests.executable("oauthctl")
        let file = try CLI.temporaryDirectory() + "/login.json"
        for run in 0..<10 {
            let process = try ChildProcess(executable, [
                "login", "--authorize-url", "https://as.example/authorize", "--token-url", "https://as.example/token", "--client-id", "c",
                "--no-browser", "--timeout", "1e-9", "--token-file", file,
            ])
            // Polled, not timed: a hung process is still running after many polls.
            for _ in 0..<300 where process.isRunning { try await Task.sleep(for: .milliseconds(20)) }
            let hung = process.isRunning
            if hung { process.terminate() }
            process.waitUntilExit()
            #expect(!hung, "run \(run): login waited past its timeout")
            #expect(hung || process.terminationStatus == ExitStatus.refused, "run \(run): exit status \(process.terminationStatus)")
            if hung { return }
        }
    }

    @Test func deviceSaysWhatItWaitsForThenThatItWasApproved() async throws {
        try await CLI.withSandbox(deviceInterval: 1) { base in
            let file = try CLI.temporaryDirectory() + "/device.json"
            let result = await CLI().run(["device", "--device-url", base + "/device_authorization", "--token-url", base + "/token", "--client-id", "cli-public",
                                          "--token-file", file])
            #expect(result.status == 0, "\(result.error)")
            #expect(result.out.hasPrefix("To sign in, open \(base)/device and enter the code "))
            let lines = result.error.split(separator: "\n").map(String.init)
            #expect(lines.first?.hasPrefix("Waiting for approval (polling every 1 s) (up to ") == true, "\(lines)")
            #expect(lines.contains("Approved"))
            #expect(lines.last == "Token saved to \(file)")
        }
    }

    /// On a terminal: one line, redrawn in place, with the time left.
    @Test func onATerminalTheCountdownIsRedrawnInPlace() async throws {
        let output = OAuthCtlSandboxTests.Output()
        let console = Console(out: { output.append(out: $0) }, error: { output.append(error: $0) }, errorIsTerminal: true)
        let progress = WaitProgress(console: console, message: "Waiting for approval", deadline: Date().addingTimeInterval(125))
        progress.start()
        // Waits for the first redraw (the ticker's second), however busy the machine.
        for _ in 0..<500 where output.error.components(separatedBy: "left (Ctrl-C to stop)").count < 3 { try await Task.sleep(for: .milliseconds(20)) }
        progress.note("The server asked to slow down: polling every 10 s")
        progress.finish("Approved")
        let text = output.error
        #expect(text.hasPrefix("\r\u{1B}[2KWaiting for approval: 2:05 left (Ctrl-C to stop)"), "\(text.debugDescription)")
        #expect(text.contains("\r\u{1B}[2KWaiting for approval: 2:04 left (Ctrl-C to stop)") || text.contains("\r\u{1B}[2KWaiting for approval: 2:03 left")
                    || text.contains("\r\u{1B}[2KWaiting for approval: 2:02 left"),
                "redrawn after a second: \(text.debugDescription)")
        #expect(text.contains("\r\u{1B}[2KThe server asked to slow down: polling every 10 s\n"))
        #expect(text.hasSuffix("\r\u{1B}[2KApproved\n"))
        #expect(text.filter { $0 == "\n" }.count == 2, "the countdown never takes a line of its own")
    }

    /// A countdown wider than the terminal would wrap and could not be redrawn: it is cut.
    @Test func theCountdownFitsTheTerminal() {
        let output = OAuthCtlSandboxTests.Output()
        let console = Console(out: { output.append(out: $0) }, error: { output.append(error: $0) }, errorIsTerminal: true, errorColumns: 40)
        let progress = WaitProgress(console: console, message: "Waiting for the browser at http://127.0.0.1:41043/callback", deadline: Date().addingTimeInterval(60))
        progress.start()
        progress.finish()
        let line = output.error.components(separatedBy: "\r\u{1B}[2K")[1]
        #expect(line == "Waiting for the browser at http://127.…")
        #expect(line.count == 39)
    }

    /// However narrow the terminal says it is (a width of 1 included), the countdown is cut to
    /// fit, never past its start.
    @Test(arguments: [1, 2, 3])
    func theCountdownFitsATerminalOfOneOrTwoColumns(columns: Int) {
        let output = OAuthCtlSandboxTests.Output()
        let console = Console(out: { output.append(out: $0) }, error: { output.append(error: $0) }, errorIsTerminal: true, errorColumns: columns)
        let progress = WaitProgress(console: console, message: "Waiting for approval", deadline: Date().addingTimeInterval(60))
        progress.start()
        progress.finish()
        let line = output.error.components(separatedBy: "\r\u{1B}[2K")[1]
        #expect(line.count == columns - 1, "\(line.debugDescription)")
        #expect(columns < 2 || line.hasSuffix("…"))
    }

    /// Elsewhere: a line when the wait starts, then one every interval.
    @Test func elsewhereTheWaitIsPlainLines() async throws {
        let output = OAuthCtlSandboxTests.Output()
        let console = Console(out: { output.append(out: $0) }, error: { output.append(error: $0) })
        let progress = WaitProgress(console: console, message: "Waiting for approval", deadline: Date().addingTimeInterval(600), plainInterval: 1)
        progress.start()
        for _ in 0..<500 where !output.error.contains("still waiting") { try await Task.sleep(for: .milliseconds(20)) }
        progress.finish("Approved")
        let lines = output.error.split(separator: "\n").map(String.init)
        #expect(lines.first == "Waiting for approval (up to 10 min)")
        #expect(lines.contains { $0.hasPrefix("still waiting: 9 min 5") && $0.hasSuffix(" s left") }, "\(lines)")
        #expect(lines.last == "Approved")
        #expect(!output.error.contains("\r"))
    }

    @Test func durationsReadAsPeopleSayThem() {
        #expect(WaitProgress.clock(125) == "2:05")
        #expect(WaitProgress.clock(0.2) == "0:01")
        #expect(WaitProgress.duration(45) == "45 s")
        #expect(WaitProgress.duration(300) == "5 min")
        #expect(WaitProgress.duration(301) == "5 min 1 s")
    }
}


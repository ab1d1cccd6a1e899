import Foundation
import OAuth
import OAuthTesting

/// What `oauthctl demo` prints: one summary line per server, each at most ``width`` columns, or
/// with `--verbose` the table of every flow; then the totals and the verdict, also within
/// ``width`` columns.
struct DemoOutput {
    /// The widest a summary or total line may be.
    static let width = 100

    let reports: [DemoReport]
    let seconds: TimeInterval

    /// Every line, in order.
    func lines(verbose: Bool) -> [String] {
        (verbose ? table() : summary()) + [""] + totals(verbose: verbose)
    }

    // MARK: Summary

    /// A header, then per server: the flows that pass with the fixes and with the strict core
    /// alone, and the verdict.
    func summary() -> [String] {
        let nameWidth = max(8, reports.map(\.name.count).max() ?? 0)
        func line(_ name: String, _ fixed: String, _ strict: String, _ verdict: String) -> String {
            Self.clipped(Self.padded(name, nameWidth) + " " + Self.padded(fixed, 10) + " " + Self.padded(strict, 11) + " " + verdict)
        }
        var lines = [line("provider", "with fixes", "strict core", "verdict")]
        for report in reports {
            lines.append(line(report.name, Self.count(report.withFixes), report.strictCore.map(Self.count) ?? "-", Self.verdict(of: report)))
        }
        return lines
    }

    /// `pass 5/5`.
    static func count(_ results: [DemoResult]) -> String {
        "pass \(results.filter(\.passed).count)/\(results.count)"
    }

    /// The verdict column: the fixes that were needed, or why the server fails.
    static func verdict(of report: DemoReport) -> String {
        let prefix = report.name + "."
        let names = { (fixes: [FixID]) in
            fixes.map { $0.rawValue.hasPrefix(prefix) ? String($0.rawValue.dropFirst(prefix.count)) : $0.rawValue }.joined(separator: ", ")
        }
        let firstFailure = { (results: [DemoResult]) in
            results.first { !$0.passed }.map { "\($0.flow): \($0.summary)" } ?? ""
        }
        guard let verdict = report.verdict else {
            return report.succeeded ? "standard server" : "FAILS: " + firstFailure(report.withFixes)
        }
        switch verdict {
        case .fixesNeeded(let fixes): return "fixes needed: " + names(fixes)
        case .standard: return "standard: no fix is needed in these flows"
        case .failsWithFixes: return "FAILS with fixes: " + firstFailure(report.withFixes)
        case .strictCorePassesDespite(let fixes): return "WRONG: strict core passes, yet acted: " + names(fixes)
        case .strictCoreFailsWithoutFixes: return "WRONG: no fix acted, strict core fails: " + firstFailure(report.strictCore ?? [])
        }
    }

    // MARK: Table

    /// Every flow of every server: its outcome with the fixes and with the strict core alone,
    /// and the fixes that acted.
    func table() -> [String] {
        var rows: [[String]] = [["provider", "flow", "with fixes", "strict core alone", "fixes fired"]]
        for report in reports {
            for (index, result) in report.withFixes.enumerated() {
                let strict = report.strictCore.map { Self.cell($0[index], passWord: "passes", failWord: "fails") } ?? "(no fixes)"
                rows.append([
                    index == 0 ? report.name : "", result.flow, Self.cell(result, passWord: "pass", failWord: "FAIL"), strict,
                    result.fixes.map(\.rawValue).joined(separator: ", "),
                ])
            }
        }
        let widths = (0..<4).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            var line = ((0..<4).map { Self.padded(row[$0], widths[$0]) } + [row[4]]).joined(separator: "  ")
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }
    }

    /// A table cell: the verdict and, when it says something, the summary, shortened.
    static func cell(_ result: DemoResult, passWord: String, failWord: String) -> String {
        if result.skipped { return "skipped" }
        let verdict = result.passed ? passWord : failWord
        let summary = result.summary.count > 60 ? String(result.summary.prefix(59)) + "…" : result.summary
        return "\(verdict): \(summary)"
    }

    // MARK: Totals

    /// How many servers and flows, how long, and what the verdicts say.
    func totals(verbose: Bool) -> [String] {
        let flows = reports.reduce(0) { $0 + $1.withFixes.count }
        var lines = ["\(Self.plural(reports.count, "server")), \(flows) flows with fixes, \(String(format: "%.1f", seconds)) s; "
            + "OAuth 1.0a providers: `oauthctl replay`."]
        let failed = reports.filter { !$0.withFixes.allSatisfy(\.passed) }.map(\.name)
        lines += failed.isEmpty ? ["Every flow passes with the providers' fixes."] : Self.wrapped("FAILED with fixes: ", failed)
        let verdicts = reports.compactMap(\.verdict)
        let needed = verdicts.filter { if case .fixesNeeded = $0 { true } else { false } }.count
        let standard = verdicts.filter { $0 == .standard }.count
        if needed > 0 {
            lines.append("The strict core alone fails against \(Self.plural(needed, "provider")) where their fixes act: the fixes are needed.")
        }
        if standard > 0 {
            lines.append("\(Self.plural(standard, "provider")) \(standard == 1 ? "is" : "are") standard in these flows: the strict core alone passes, no fix is needed.")
        }
        let despite = reports.filter { if case .strictCorePassesDespite = $0.verdict { true } else { false } }.map(\.name)
        if !despite.isEmpty { lines += Self.wrapped("The strict core alone passes although fixes acted: ", despite) }
        let unexplained = reports.filter { $0.verdict == .strictCoreFailsWithoutFixes }.map(\.name)
        if !unexplained.isEmpty { lines += Self.wrapped("The strict core alone fails although no fix acted: ", unexplained) }
        if !verbose { lines.append("`oauthctl demo --verbose` shows every flow.") }
        return lines
    }

    /// `text` followed by spaces up to `width` characters (never cut).
    static func padded(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }

    /// `1 provider`, `2 providers`.
    static func plural(_ count: Int, _ noun: String) -> String {
        "\(count) \(noun)\(count == 1 ? "" : "s")"
    }

    /// `prefix` and the names, comma-separated and ended with a full stop, wrapped at ``width``
    /// columns with continuation lines indented (a name longer than a line is cut).
    static func wrapped(_ prefix: String, _ names: [String]) -> [String] {
        var lines: [String] = []
        var line = prefix
        for (index, name) in names.enumerated() {
            let word = name + (index == names.count - 1 ? "." : ",")
            if line.count + word.count + 1 > width, line.count > 2 {
                lines.append(line)
                line = "  " + word
            } else {
                line += (line.hasSuffix(" ") ? "" : " ") + word
            }
        }
        return (lines + [line]).map(clipped)
    }

    /// `text` cut to ``width`` columns, with an ellipsis when cut.
    static func clipped(_ text: String) -> String {
        var line = text
        while line.hasSuffix(" ") { line.removeLast() }
        return line.count > width ? String(line.prefix(width - 1)) + "…" : line
    }
}

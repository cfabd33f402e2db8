#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Keeps a crash out of the JSON log stream on standard output. A trap or fatal signal makes Swift's
/// runtime print a long backtrace; it goes to standard error (forced below, since the runtime's `auto`
/// choice sends it to standard output when that is a terminal), and one structured line on standard
/// output says that it happened, so a log collector sees the crash as an event and not as 500 lines of
/// garbage. The runtime reads `SWIFT_BACKTRACE` only at process start, hence the one re-exec.
enum CrashOutput {
    static func prepare() {
        #if os(Linux)
        redirectBacktracesToStandardError()
        installSignalLine()
        #endif
    }

    #if os(Linux)
    private static func redirectBacktracesToStandardError() {
        let current = ProcessInfo.processInfo.environment["SWIFT_BACKTRACE"] ?? ""
        guard !current.contains("output-to") else { return }
        setenv("SWIFT_BACKTRACE", current.isEmpty ? "output-to=stderr" : current + ",output-to=stderr", 1)
        // The same program again, now reading the setting; if exec fails we simply carry on as we are.
        let arguments = CommandLine.arguments.map { strdup($0) } + [nil]
        execv("/proc/self/exe", arguments)
        for argument in arguments { free(argument) }
    }

    static let fatalSignals: [Int32] = [SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE, SIGSEGV]

    private static func installSignalLine() {
        for signal in fatalSignals {
            let text = #"{"level":"critical","logger":"health-talent","msg":"crashed: fatal signal \#(signal), backtrace on standard error","signal":\#(signal)}"# + "\n"
            crashLines[Int(signal)] = strdup(text)
            var action = sigaction()
            action.__sigaction_handler.sa_sigaction = onFatalSignal
            action.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER
            sigemptyset(&action.sa_mask)
            sigaction(signal, &action, previousActions + Int(signal))
        }
    }
    #endif
}

#if os(Linux)
/// Preallocated, so the handler only reads memory and calls `write`, which are async-signal-safe.
nonisolated(unsafe) private let crashLines = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: 65)
nonisolated(unsafe) private let previousActions = UnsafeMutablePointer<sigaction>.allocate(capacity: 65)

private func onFatalSignal(_ signal: Int32, _ info: UnsafeMutablePointer<siginfo_t>?, _ context: UnsafeMutableRawPointer?) {
    if let line = crashLines[Int(signal)] {
        _ = write(STDOUT_FILENO, line, strlen(line))
        crashLines[Int(signal)] = nil  // once
    }
    // Hand over to whoever handled the signal before (the runtime's backtracer), or to the default.
    let previous = previousActions[Int(signal)]
    if previous.sa_flags & SA_SIGINFO != 0, let handler = previous.__sigaction_handler.sa_sigaction {
        handler(signal, info, context)
        return
    }
    sigaction(signal, previousActions + Int(signal), nil)
    raise(signal)
}
#endif

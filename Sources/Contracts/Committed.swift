/// The outcome of a transaction that must commit even when the request fails (a wrong code is counted,
/// an "already verified" answer recorded): the problem travels out of the transaction and is thrown
/// after the commit.
public enum Committed<Value: Sendable>: Sendable {
    case done(Value)
    case refused(Problem)

    public func get() throws(Problem) -> Value {
        switch self {
        case .done(let value): value
        case .refused(let problem): throw problem
        }
    }
}

namespace Frontier.Operator.Reconcilers;

/// <summary>What became of a reconciler's new status.</summary>
internal enum StatusWrite
{
    /// <summary>It equals the status the object carries: nothing was sent.</summary>
    Unchanged,

    /// <summary>It was written.</summary>
    Written,

    /// <summary>The object no longer exists.</summary>
    Gone,
}

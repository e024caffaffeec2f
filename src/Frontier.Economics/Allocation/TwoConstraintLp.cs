namespace Frontier.Economics.Allocation;

/// <summary>
/// The linear program behind every bound of the replica search:
/// maximise Σ a·t subject to Σ t = R, Σ b·t ≤ K and 0 ≤ t ≤ u.
/// <para>
/// Solved through its Lagrangian dual on the second constraint. For a multiplier λ ≥ 0 the inner problem
/// is a greedy fill in descending a − λ·b, and every fill F gives a line V_F + λ·(K − B_F) lying under the
/// dual function g(λ) = max over fills; g's minimum is the optimum. Starting from the fills at λ = 0
/// (over budget) and λ = ∞ (least b), each step evaluates the fill where the two current lines cross
/// (Kelley's cutting planes in one dimension): g is piecewise linear, so this ends after a few steps,
/// exactly. The optimum mixes the two last fills so that it spends exactly K.
/// </para>
/// </summary>
internal sealed class TwoConstraintLp
{
    private const int MaxSteps = 200;

    private readonly double[] _keys;
    private readonly int[] _order;
    private double[] _left;
    private double[] _right;
    private double[] _probe;

    public TwoConstraintLp(int capacity)
    {
        _keys = new double[capacity];
        _order = new int[capacity];
        _left = new double[capacity];
        _right = new double[capacity];
        _probe = new double[capacity];
    }

    /// <summary>λ of the last solve: the value of one more unit of the second constraint's allowance (0 when it does not bind).</summary>
    public double Multiplier { get; private set; }

    /// <summary>μ of the last solve: the a − λ·b of the last segment the fill needed; with λ, a dual solution.</summary>
    public double Threshold { get; private set; }

    private double _lastKey;

    /// <summary>Whether feasible; <paramref name="upperBound"/> bounds the optimum from above and <paramref name="solution"/> attains it.</summary>
    public bool Solve(ReadOnlySpan<double> a, ReadOnlySpan<double> b, ReadOnlySpan<double> u, double r, double k, Span<double> solution, out double upperBound)
    {
        var m = a.Length;
        upperBound = double.NegativeInfinity;
        double capacity = 0;
        for (var s = 0; s < m; s++) capacity += u[s];
        if (capacity < r - 1e-9 * Math.Max(1, r)) return false;
        var bTolerance = 1e-9 * Math.Max(1, Math.Abs(k));

        var (valueLeft, usedLeft) = Fill(a, b, u, r, 0, _left);
        if (usedLeft <= k + bTolerance || double.IsPositiveInfinity(k))
        {
            _left.AsSpan(0, m).CopyTo(solution);
            upperBound = valueLeft;
            Multiplier = 0;
            Threshold = -_lastKey;
            return true;
        }
        var (valueRight, usedRight) = Fill(a, b, u, r, double.PositiveInfinity, _right);
        if (usedRight > k + bTolerance) return false;

        var bound = valueLeft; // g(0): the best fill ignoring the second constraint
        double lambda = 0, bestLambda = 0;
        for (var step = 0; step < MaxSteps && usedLeft - usedRight > bTolerance; step++)
        {
            lambda = Math.Max(0, (valueLeft - valueRight) / (usedLeft - usedRight));
            var (value, used) = Fill(a, b, u, r, lambda, _probe);
            var atLambda = value + lambda * (k - used);
            if (atLambda < bound) { bound = atLambda; bestLambda = lambda; }
            var lines = valueLeft + lambda * (k - usedLeft);
            if (atLambda <= lines + 1e-12 * Math.Max(1, Math.Abs(lines))) break;
            if (used > k) { (_left, _probe) = (_probe, _left); valueLeft = value; usedLeft = used; }
            else { (_right, _probe) = (_probe, _right); valueRight = value; usedRight = used; }
        }

        var theta = usedLeft - usedRight > 0 ? Math.Clamp((k - usedRight) / (usedLeft - usedRight), 0, 1) : 0;
        for (var s = 0; s < m; s++) solution[s] = theta * _left[s] + (1 - theta) * _right[s];
        var mixed = theta * valueLeft + (1 - theta) * valueRight;
        upperBound = Math.Max(mixed, bound);
        Multiplier = bestLambda;
        Fill(a, b, u, r, bestLambda == 0 ? 1e-300 : bestLambda, _probe);
        Threshold = -_lastKey;
        return true;
    }

    /// <summary>
    /// Greedy fill of <paramref name="r"/> in descending a − λ·b; returns Σa·t and Σb·t. Only the split
    /// between "filled" and "not filled" matters, so a weighted quickselect finds it in expected O(m).
    /// </summary>
    private (double Value, double Used) Fill(ReadOnlySpan<double> a, ReadOnlySpan<double> b, ReadOnlySpan<double> u, double r, double lambda, double[] fill)
    {
        var m = a.Length;
        for (var s = 0; s < m; s++)
        {
            _order[s] = s;
            fill[s] = 0;
            // Lower key fills first. At λ = 0 a vanishing multiplier prefers lower b among equal a;
            // at λ = ∞ the order is by b, then by higher a.
            _keys[s] = double.IsPositiveInfinity(lambda) ? b[s] - 1e-12 * a[s] : -(a[s] - (lambda == 0 ? 1e-12 : lambda) * b[s]);
        }
        double need = r, value = 0, used = 0;
        int low = 0, high = m;
        _lastKey = 0;
        while (high > low && need > 0)
        {
            var pivot = MedianOfThree(_keys[_order[low]], _keys[_order[(low + high) / 2]], _keys[_order[high - 1]]);
            // Three-way partition of _order[low..high) by key: [low, less) < pivot, [less, more) == pivot, [more, high) > pivot.
            int less = low, i = low, more = high;
            while (i < more)
            {
                var key = _keys[_order[i]];
                if (key < pivot) (_order[less], _order[i]) = (_order[i++], _order[less++]);
                else if (key > pivot) (_order[i], _order[--more]) = (_order[more], _order[i]);
                else i++;
            }
            double below = 0;
            for (var j = low; j < less; j++) below += u[_order[j]];
            if (below >= need)
            {
                high = less;
                continue;
            }
            for (var j = low; j < more && need > 0; j++)
            {
                var s = _order[j];
                var take = Math.Min(u[s], need);
                fill[s] = take;
                need -= take;
                value += a[s] * take;
                used += b[s] * take;
                _lastKey = _keys[s];
            }
            low = more;
        }
        return (value, used);
    }

    private static double MedianOfThree(double x, double y, double z) =>
        Math.Max(Math.Min(x, y), Math.Min(Math.Max(x, y), z));
}

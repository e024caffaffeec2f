namespace Frontier.Economics.Allocation;

/// <summary>
/// Exact search over integer replica counts: branch and bound on the linear relaxation.
/// <para>
/// For fixed replicas the best traffic split fills the highest-quality candidates first, and cost does not
/// depend on the split, so a plan is its replica vector. Relaxing replicas to real numbers leaves a linear
/// program with two constraints (serve all demand; stay within budget, or reach the quality floor), solved
/// by <see cref="TwoConstraintLp"/>: each candidate's replicas.min capacity is already paid for, and
/// capacity above it costs its price per request/s. The relaxation's solution has at most a couple of
/// fractional replica counts; rounding them up is tried as a plan, and the search branches on one of them
/// (≤ floor | ≥ ceil) until no branch can beat the best plan found.
/// </para>
/// <para>
/// Ties are broken by a second search: MaxQuality finds the best value, then the cheapest plan reaching
/// it; MinCost finds the least cost, then the best plan at that cost.
/// </para>
/// </summary>
internal sealed class ReplicaSearch
{
    /// <summary>A usable candidate: one that has an operating point meeting the service level.</summary>
    internal readonly record struct Unit(int Index, double Quality, double Capacity, double Hourly, int Min, int Max)
    {
        public double PricePerRps => Hourly / Capacity;
    }

    /// <summary>The best assignment found, if any.</summary>
    internal sealed record Result(bool Found, bool Exact, long Nodes, int[] Replicas, double Value, double Cost);

    private enum Goal { MaxValue, MinCost }

    private readonly Unit[] _units;
    private readonly double _demand;
    private readonly double _budget;
    private readonly double _floorValue;
    private readonly Objective _objective;
    private readonly double _fixedCost;
    private readonly long _nodeLimit;
    private readonly TwoConstraintLp _lp;
    private readonly double[] _a;
    private readonly double[] _b;
    private readonly double[] _u;
    private readonly double[] _t;
    private readonly double _eps;

    private long _nodes;
    private double _nodeCommitted;
    private double _nodeAllowance;
    private Goal _goal;
    private double _limit;
    private double _floor;
    private bool _found;
    private int[] _best;
    private double _bestValue;
    private double _bestCost;

    public ReplicaSearch(IReadOnlyList<Unit> unitsByQuality, double demand, double budget, double? qualityFloor, Objective objective, double fixedCost, long nodeLimit)
    {
        _units = unitsByQuality.ToArray();
        _demand = demand;
        _budget = budget;
        _floorValue = qualityFloor is { } f ? f * demand : double.NegativeInfinity;
        _objective = objective;
        _fixedCost = fixedCost;
        _nodeLimit = nodeLimit;
        _eps = 1e-9 * Math.Max(1, demand);
        var segments = 2 * _units.Length;
        _lp = new TwoConstraintLp(segments);
        _a = new double[segments];
        _b = new double[segments];
        _u = new double[segments];
        _t = new double[segments];
        _best = new int[_units.Length];
    }

    public Result Run()
    {
        var n = _units.Length;
        var low = _units.Select(u => u.Min).ToArray();
        // More replicas than it takes one candidate to serve all demand alone never help.
        var high = _units.Select(u => Math.Max(u.Min, Math.Min(u.Max, _demand > 0 ? Math.Max(1, (int)Math.Ceiling(_demand / u.Capacity - 1e-9)) : 0))).ToArray();

        if (_objective == Objective.MaxQuality)
        {
            Search(Goal.MaxValue, _budget, _floorValue, low, high);
            if (_found)
            {
                var value = _bestValue;
                Search(Goal.MinCost, _budget, value - 1e-9 * Math.Max(1, Math.Abs(value)), low, high);
            }
        }
        else
        {
            Search(Goal.MinCost, _budget, _floorValue, low, high);
            if (_found)
            {
                var cost = _bestCost;
                Search(Goal.MaxValue, Math.Min(_budget, cost + 1e-9 * Math.Max(1, cost)), _floorValue, low, high);
            }
        }
        return new Result(_found, _nodes <= _nodeLimit, _nodes, _best, _bestValue, _bestCost);
    }

    private void Search(Goal goal, double budget, double floor, int[] low, int[] high)
    {
        // The second search starts from the first one's plan, which is feasible for it.
        _goal = goal;
        _limit = budget;
        _floor = floor;
        Descend((int[])low.Clone(), (int[])high.Clone());
    }

    private void Descend(int[] low, int[] high)
    {
        if (++_nodes > _nodeLimit) return;
        if (!Relax(low, high, out var bound)) return;
        if (_found && !CanImprove(bound)) return;

        // Round every fractional replica count up: the relaxed split still fits, so coverage and quality hold.
        var n = _units.Length;
        var rounded = new int[n];
        var branch = -1;
        var branchFraction = 0.0;
        for (var i = 0; i < n; i++)
        {
            var extra = _t[2 * i + 1] / _units[i].Capacity;
            var whole = Math.Floor(extra + 1e-12);
            var fraction = extra - whole;
            rounded[i] = low[i] + (int)whole + (fraction > 1e-12 ? 1 : 0);
            rounded[i] = Math.Min(rounded[i], high[i]);
            if (fraction > 1e-12 && Math.Abs(fraction - 0.5) < Math.Abs(branchFraction - 0.5) + 1e-12 && low[i] + (int)whole < high[i])
            {
                branch = i;
                branchFraction = fraction;
            }
        }
        Consider(rounded);
        if (branch < 0 || (_found && !CanImprove(bound))) return;
        if (_found && !FixByReducedCost(ref low, ref high)) return;
        if (low[branch] + (int)Math.Floor(_t[2 * branch + 1] / _units[branch].Capacity + 1e-12) >= high[branch]
            || low[branch] > high[branch])
        {
            // Fixing moved the branching variable's bounds past its relaxed value: solve the tighter node again.
            Descend(low, high);
            return;
        }

        var split = low[branch] + (int)Math.Floor(_t[2 * branch + 1] / _units[branch].Capacity + 1e-12);
        var downHigh = (int[])high.Clone();
        downHigh[branch] = split;
        var upLow = (int[])low.Clone();
        upLow[branch] = split + 1;
        if (_goal == Goal.MaxValue)
        {
            Descend(low, downHigh);
            Descend(upLow, high);
        }
        else
        {
            Descend(upLow, high);
            Descend(low, downHigh);
        }
    }

    /// <summary>
    /// Reduced-cost fixing: with the relaxation's multipliers (μ for "serve all demand", λ for the budget or
    /// floor), L = μ·R + λ·K + Σ u·max(0, a − λ·b − μ) bounds every plan in this subtree, and moving one
    /// candidate's replicas up or down by k lowers that bound by k times a per-replica loss. Moves that
    /// would drop it to the best plan found so far are cut from the bounds. Returns false when none is left.
    /// </summary>
    private bool FixByReducedCost(ref int[] low, ref int[] high)
    {
        var lambda = _lp.Multiplier;
        var mu = _lp.Threshold;
        var bound = (_goal == Goal.MaxValue ? 0 : -_nodeCommitted) + mu * _demand + lambda * _nodeAllowance;
        for (var s = 0; s < 2 * _units.Length; s++) bound += _u[s] * Math.Max(0, _a[s] - lambda * _b[s] - mu);
        var incumbent = _goal == Goal.MaxValue ? _bestValue : -_bestCost;
        var gap = bound - incumbent - 1e-9 * Math.Max(1, Math.Abs(incumbent));
        if (gap < 0) return false;

        var copied = false;
        for (var i = 0; i < _units.Length; i++)
        {
            var u = _units[i];
            var freeGain = Math.Max(0, _a[2 * i] - lambda * _b[2 * i] - mu);
            var paidGain = Math.Max(0, _a[2 * i + 1] - lambda * _b[2 * i + 1] - mu);
            var upLoss = (_goal == Goal.MaxValue ? lambda * u.Hourly : u.Hourly) - u.Capacity * (freeGain - paidGain);
            var downLoss = u.Capacity * paidGain;
            var newHigh = high[i];
            var newLow = low[i];
            if (upLoss > 0 && gap / upLoss < high[i] - low[i]) newHigh = low[i] + (int)Math.Floor(gap / upLoss);
            if (downLoss > 0 && gap / downLoss < high[i] - low[i]) newLow = Math.Max(newLow, high[i] - (int)Math.Floor(gap / downLoss));
            if (newHigh == high[i] && newLow == low[i]) continue;
            if (!copied)
            {
                low = (int[])low.Clone();
                high = (int[])high.Clone();
                copied = true;
            }
            high[i] = newHigh;
            low[i] = newLow;
            if (low[i] > high[i]) return false;
        }
        return true;
    }

    /// <summary>Solves the relaxation within bounds; <paramref name="bound"/> is its value (MaxValue) or cost (MinCost).</summary>
    private bool Relax(int[] low, int[] high, out double bound)
    {
        bound = 0;
        var committed = _fixedCost;
        for (var i = 0; i < _units.Length; i++)
        {
            var u = _units[i];
            committed += low[i] * u.Hourly;
            var price = u.PricePerRps;
            // Segment 2i: capacity already paid for (replicas up to low). Segment 2i+1: capacity that costs.
            _u[2 * i] = low[i] * u.Capacity;
            _u[2 * i + 1] = (high[i] - low[i]) * u.Capacity;
            if (_goal == Goal.MaxValue)
            {
                _a[2 * i] = _a[2 * i + 1] = u.Quality;
                _b[2 * i] = 0;
                _b[2 * i + 1] = price;
            }
            else
            {
                _a[2 * i] = 0;
                _a[2 * i + 1] = -price;
                _b[2 * i] = _b[2 * i + 1] = -u.Quality;
            }
        }
        if (committed > _limit + 1e-9 * Math.Max(1, committed)) return false;
        _nodeCommitted = committed;
        _nodeAllowance = _goal == Goal.MaxValue ? _limit - committed + 1e-9 * Math.Max(1, _limit) : -_floor + _eps;

        if (_goal == Goal.MaxValue)
        {
            if (!_lp.Solve(_a, _b, _u, _demand, _nodeAllowance, _t, out var value)) return false;
            if (value < _floor - _eps) return false;
            bound = value;
        }
        else
        {
            if (!_lp.Solve(_a, _b, _u, _demand, _nodeAllowance, _t, out var negativeSpend)) return false;
            bound = committed - negativeSpend;
            if (bound > _limit + 1e-9 * Math.Max(1, bound)) return false;
        }
        return true;
    }

    private bool CanImprove(double bound) => _goal == Goal.MaxValue
        ? bound > _bestValue + 1e-9 * Math.Max(1, Math.Abs(_bestValue))
        : bound < _bestCost - 1e-9 * Math.Max(1, Math.Abs(_bestCost));

    /// <summary>Evaluates a replica vector (traffic to the best candidates first) and keeps it if it is the best feasible so far.</summary>
    private void Consider(int[] replicas)
    {
        double need = _demand, value = 0, cost = _fixedCost;
        for (var i = 0; i < _units.Length; i++)
        {
            var u = _units[i];
            cost += replicas[i] * u.Hourly;
            var take = Math.Min(replicas[i] * u.Capacity, need);
            value += take * u.Quality;
            need -= take;
        }
        if (need > _eps || cost > _limit + 1e-9 * Math.Max(1, cost) || value < _floor - _eps) return;
        var better = !_found || (_goal == Goal.MaxValue
            ? value > _bestValue + 1e-9 * Math.Max(1, Math.Abs(_bestValue)) || (value >= _bestValue - 1e-9 * Math.Max(1, Math.Abs(_bestValue)) && cost < _bestCost)
            : cost < _bestCost - 1e-9 * Math.Max(1, Math.Abs(_bestCost)) || (cost <= _bestCost + 1e-9 * Math.Max(1, Math.Abs(_bestCost)) && value > _bestValue));
        if (!better) return;
        _found = true;
        _bestValue = value;
        _bestCost = cost;
        Array.Copy(replicas, _best, replicas.Length);
    }
}

namespace Frontier.Economics.Allocation;

/// <summary>
/// Exact branch and bound over integer replica counts.
/// <para>
/// Candidates are visited in descending quality. Traffic always fills the best candidate first
/// (for fixed replicas that split maximises quality, and cost does not depend on it), so the value of
/// a partial assignment is known exactly as soon as it is made. Nodes are pruned by the LP relaxation
/// in which replicas are continuous: the cheapest way to cover the remaining demand (budget and cost
/// bounds) and the most quality the remaining demand can earn (a quality-order fill, and a Lagrangian
/// bound on the budget constraint with its multiplier fixed at the root).
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

    private readonly Unit[] _units;
    private readonly double _demand;
    private readonly double _budget;
    private readonly double _floorValue;
    private readonly Objective _objective;
    private readonly double _fixedCost;
    private readonly long _nodeLimit;
    private readonly double[] _suffixMinCost;
    private readonly double[] _suffixMaxCapacity;
    private readonly double[] _suffixFreeCapacity;
    private readonly int[] _byPrice;
    private readonly (int Unit, bool Paid)[] _byLagrangeValue;
    private readonly double _lambda;
    private readonly int[] _current;
    private readonly double _eps;

    private long _nodes;
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

        var n = _units.Length;
        _suffixMinCost = new double[n + 1];
        _suffixMaxCapacity = new double[n + 1];
        _suffixFreeCapacity = new double[n + 1];
        for (var i = n - 1; i >= 0; i--)
        {
            _suffixMinCost[i] = _suffixMinCost[i + 1] + _units[i].Min * _units[i].Hourly;
            _suffixMaxCapacity[i] = _suffixMaxCapacity[i + 1] + _units[i].Max * _units[i].Capacity;
            _suffixFreeCapacity[i] = _suffixFreeCapacity[i + 1] + _units[i].Min * _units[i].Capacity;
        }
        _byPrice = Enumerable.Range(0, n).OrderBy(i => _units[i].PricePerRps).ToArray();
        _lambda = double.IsFinite(budget) ? RootMultiplier() : 0;
        _byLagrangeValue = Segments().OrderByDescending(s => SegmentValue(s, _lambda)).ToArray();
        _current = new int[n];
        _best = new int[n];
    }

    public Result Run()
    {
        Descend(0, _demand, _fixedCost, 0);
        return new Result(_found, _nodes <= _nodeLimit, _nodes, _best, _bestValue, _bestCost);
    }

    private void Descend(int i, double remaining, double cost, double value)
    {
        if (++_nodes > _nodeLimit) return;
        var committed = cost + _suffixMinCost[i];
        if (remaining <= _eps)
        {
            for (var j = i; j < _units.Length; j++) _current[j] = _units[j].Min;
            Consider(value, committed);
            return;
        }
        if (i == _units.Length || committed > _budget + _eps || _suffixMaxCapacity[i] < remaining - _eps) return;

        var lowestCost = committed + MinimumCoverCost(i, remaining);
        if (lowestCost > _budget + _eps) return;
        var slack = _budget - committed;
        var highestValue = value + MaximumValue(i, remaining, slack);
        if (highestValue < _floorValue - _eps) return;
        if (_found && CannotBeat(highestValue, lowestCost)) return;

        var unit = _units[i];
        var needed = (int)Math.Ceiling(remaining / unit.Capacity - 1e-9);
        var affordable = double.IsFinite(slack) ? unit.Min + (int)Math.Floor((slack + _eps) / unit.Hourly) : int.MaxValue;
        var high = Math.Max(unit.Min, Math.Min(unit.Max, Math.Min(needed, affordable)));
        if (_objective == Objective.MaxQuality)
        {
            for (var r = high; r >= unit.Min; r--) Branch(i, r, remaining, cost, value);
        }
        else
        {
            for (var r = unit.Min; r <= high; r++) Branch(i, r, remaining, cost, value);
        }
    }

    private void Branch(int i, int replicas, double remaining, double cost, double value)
    {
        var unit = _units[i];
        _current[i] = replicas;
        var served = Math.Min(replicas * unit.Capacity, remaining);
        Descend(i + 1, remaining - served, cost + replicas * unit.Hourly, value + unit.Quality * served);
    }

    private void Consider(double value, double cost)
    {
        if (cost > _budget + _eps || value < _floorValue - _eps) return;
        if (_found && !Better(value, cost)) return;
        _found = true;
        _bestValue = value;
        _bestCost = cost;
        Array.Copy(_current, _best, _current.Length);
    }

    private bool Better(double value, double cost)
    {
        var valueEps = 1e-9 * Math.Max(1, Math.Abs(_bestValue));
        var costEps = 1e-9 * Math.Max(1, Math.Abs(_bestCost));
        return _objective == Objective.MaxQuality
            ? value > _bestValue + valueEps || (value >= _bestValue - valueEps && cost < _bestCost - costEps)
            : cost < _bestCost - costEps || (cost <= _bestCost + costEps && value > _bestValue + valueEps);
    }

    private bool CannotBeat(double highestValue, double lowestCost)
    {
        var valueEps = 1e-9 * Math.Max(1, Math.Abs(_bestValue));
        var costEps = 1e-9 * Math.Max(1, Math.Abs(_bestCost));
        return _objective == Objective.MaxQuality
            ? highestValue < _bestValue - valueEps || (highestValue <= _bestValue + valueEps && lowestCost >= _bestCost - costEps)
            : lowestCost > _bestCost + costEps || (lowestCost >= _bestCost - costEps && highestValue <= _bestValue + valueEps);
    }

    /// <summary>Cheapest extra spend (beyond minimum replicas) that covers the demand with continuous replicas.</summary>
    private double MinimumCoverCost(int from, double remaining)
    {
        var need = remaining - _suffixFreeCapacity[from];
        if (need <= _eps) return 0;
        double spend = 0;
        foreach (var j in _byPrice)
        {
            if (j < from) continue;
            var paid = (_units[j].Max - _units[j].Min) * _units[j].Capacity;
            var take = Math.Min(paid, need);
            spend += take * _units[j].PricePerRps;
            need -= take;
            if (need <= _eps) return spend;
        }
        return double.PositiveInfinity;
    }

    /// <summary>Upper bound on the quality value the remaining demand can earn from candidates from <paramref name="from"/> on.</summary>
    private double MaximumValue(int from, double remaining, double slack)
    {
        // Bound 1: ignore the budget and fill the best candidates first.
        double fill = 0, need = remaining;
        for (var j = from; j < _units.Length && need > _eps; j++)
        {
            var take = Math.Min(_units[j].Max * _units[j].Capacity, need);
            fill += take * _units[j].Quality;
            need -= take;
        }
        if (!double.IsFinite(slack) || _lambda <= 0) return fill;
        return Math.Min(fill, LagrangeBound(from, remaining, slack, _lambda));
    }

    /// <summary>λ·slack + max Σ(q − λ·price)·t over segments with Σt = remaining: an upper bound for any λ ≥ 0.</summary>
    private double LagrangeBound(int from, double remaining, double slack, double lambda)
    {
        double total = lambda * slack, need = remaining;
        foreach (var segment in _byLagrangeValue)
        {
            if (segment.Unit < from) continue;
            var take = Math.Min(SegmentCapacity(segment), need);
            total += take * SegmentValue(segment, lambda);
            need -= take;
            if (need <= _eps) return total;
        }
        return double.PositiveInfinity;
    }

    /// <summary>Golden-section search for the multiplier that makes the root's Lagrangian bound tightest.</summary>
    private double RootMultiplier()
    {
        if (_units.Length == 0) return 0;
        var slack = _budget - _fixedCost - _suffixMinCost[0];
        if (slack < 0) return 0;
        var segments = Segments().ToArray();
        double Bound(double lambda)
        {
            double total = lambda * slack, need = _demand;
            foreach (var s in segments.OrderByDescending(s => SegmentValue(s, lambda)))
            {
                var take = Math.Min(SegmentCapacity(s), need);
                total += take * SegmentValue(s, lambda);
                need -= take;
                if (need <= _eps) return total;
            }
            return double.PositiveInfinity;
        }
        var high = 2 * _units.Max(u => u.Quality) / _units.Min(u => u.PricePerRps);
        double low = 0;
        var ratio = (Math.Sqrt(5) - 1) / 2;
        for (var k = 0; k < 60; k++)
        {
            var a = high - ratio * (high - low);
            var b = low + ratio * (high - low);
            if (Bound(a) <= Bound(b)) high = b; else low = a;
        }
        var lambda = (low + high) / 2;
        return Bound(lambda) <= Bound(0) ? lambda : 0;
    }

    private IEnumerable<(int Unit, bool Paid)> Segments() =>
        Enumerable.Range(0, _units.Length).SelectMany(i => new[] { (i, false), (i, true) });

    private double SegmentCapacity((int Unit, bool Paid) s) =>
        (s.Paid ? _units[s.Unit].Max - _units[s.Unit].Min : _units[s.Unit].Min) * _units[s.Unit].Capacity;

    private double SegmentValue((int Unit, bool Paid) s, double lambda) =>
        _units[s.Unit].Quality - (s.Paid ? lambda * _units[s.Unit].PricePerRps : 0);
}

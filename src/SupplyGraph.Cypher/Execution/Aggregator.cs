namespace SupplyGraph.Cypher;

/// <summary>Running state of one aggregate over one group.</summary>
internal sealed class Aggregator
{
    private readonly AggregateSpec _spec;
    private readonly HashSet<ValueKey>? _seen;
    private long _count;
    private long _longSum;
    private double _doubleSum;
    private bool _isDouble;
    private object? _best;
    private readonly List<object?>? _items;

    public Aggregator(AggregateSpec spec)
    {
        _spec = spec;
        _seen = spec.Distinct ? [] : null;
        if (spec.Function is "collect" or "stdev" or "stdevp" or "percentilecont" or "percentiledisc")
        {
            _items = [];
        }
    }

    private object? _extra;

    /// <summary>Bytes charged per value kept by a DISTINCT aggregation.</summary>
    internal const long DistinctEntryBytes = 48;

    public void Add(object?[] row, ExecContext ctx)
    {
        if (_spec.Argument is null)
        {
            _count++;
            return;
        }

        var mark = ctx.Memory.Mark();
        var v = _spec.Argument(row, ctx);
        ctx.Memory.Release(mark, v);
        if (_spec.Extra is not null)
        {
            _extra = _spec.Extra(row, ctx);
        }

        if (v is null)
        {
            return;
        }

        if (_seen is not null)
        {
            // A set entry: hash slot, key and the value's box.
            ctx.TickFor(v);
            ctx.Memory.Charge(DistinctEntryBytes);
            if (!_seen.Add(new ValueKey(v)))
            {
                ctx.Memory.Refund(DistinctEntryBytes);
                return;
            }
        }

        _count++;
        switch (_spec.Function)
        {
            case "sum" or "avg":
                if (v is long l && !_isDouble)
                {
                    try
                    {
                        _longSum = checked(_longSum + l);
                    }
                    catch (OverflowException)
                    {
                        _isDouble = true;
                        _doubleSum = (double)_longSum + l;
                    }
                }
                else if (Values.IsNumber(v))
                {
                    if (!_isDouble)
                    {
                        _isDouble = true;
                        _doubleSum = _longSum;
                    }

                    _doubleSum += Values.ToDouble(v);
                }
                else
                {
                    throw CypherException.Type("InvalidArgumentType", $"{_spec.Function}() expects numbers, got {Values.TypeName(v)}");
                }

                break;
            case "min":
                if (_best is null || Values.OrderCompare(v, _best) < 0)
                {
                    _best = v;
                }

                break;
            case "max":
                if (_best is null || Values.OrderCompare(v, _best) > 0)
                {
                    _best = v;
                }

                break;
            case "stdev" or "stdevp" or "percentilecont" or "percentiledisc":
                if (!Values.IsNumber(v))
                {
                    throw CypherException.Type("InvalidArgumentType", $"{_spec.Function}() expects numbers");
                }

                ctx.Memory.Append(_items!, v);
                break;
            default:
                if (_items is not null)
                {
                    ctx.Memory.Append(_items, v);
                }

                break;
        }
    }

    public object? Result(ExecContext ctx)
    {
        switch (_spec.Function)
        {
            case "count":
                return _count;
            case "sum":
                return _isDouble ? _doubleSum : (object)_longSum;
            case "avg":
                return _count == 0 ? null : (_isDouble ? _doubleSum : _longSum) / (double)_count;
            case "min" or "max":
                return _best;
            case "collect":
                return _items;
            case "stdev" or "stdevp":
                {
                    var n = _items!.Count;
                    if (n == 0 || (n == 1 && _spec.Function == "stdev"))
                    {
                        return 0.0;
                    }

                    ctx.Memory.Charge(MemoryMeter.ListBytes + (8L * n));
                    ctx.Tick(2L * n);
                    var xs = new double[n];
                    for (var i = 0; i < n; i++)
                    {
                        xs[i] = Values.ToDouble(_items[i]!);
                    }

                    var mean = xs.Average();
                    var ss = 0.0;
                    foreach (var x in xs)
                    {
                        ss += (x - mean) * (x - mean);
                    }
                    return Math.Sqrt(ss / (_spec.Function == "stdev" ? n - 1 : n));
                }

            default:
                {
                    if (_items!.Count == 0)
                    {
                        return null;
                    }

                    if (_extra is not long and not double)
                    {
                        throw CypherException.Argument("InvalidArgumentValue", "percentile must be a number");
                    }

                    var p = Values.ToDouble(_extra);
                    if (p < 0 || p > 1)
                    {
                        throw CypherException.Argument("NumberOutOfRange", "percentile must be between 0.0 and 1.0");
                    }

                    ctx.Memory.ChargeList(_items.Count);
                    var sorted = _items.ToArray();
                    StableSort.Sort(sorted, (a, b) => Values.ToDouble(a!).CompareTo(Values.ToDouble(b!)), ctx);
                    if (_spec.Function == "percentiledisc")
                    {
                        var idx = p == 0 ? 0 : (int)Math.Ceiling(p * sorted.Length) - 1;
                        return sorted[Math.Clamp(idx, 0, sorted.Length - 1)];
                    }

                    var pos = p * (sorted.Length - 1);
                    var lo = (int)Math.Floor(pos);
                    var hi = (int)Math.Ceiling(pos);
                    var fl = Values.ToDouble(sorted[lo]!);
                    var fh = Values.ToDouble(sorted[hi]!);
                    return fl + ((fh - fl) * (pos - lo));
                }
        }
    }
}

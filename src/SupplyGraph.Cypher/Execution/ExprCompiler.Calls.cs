namespace SupplyGraph.Cypher;

/// <summary>Function calls and aggregates.</summary>
internal sealed partial class ExprCompiler
{
    private Eval CompileCall(CallExpr call)
    {
        var name = call.Name.ToLowerInvariant();
        if (AggregateFunctions.Contains(name))
        {
            if (_aggregates is null)
            {
                throw CypherException.Syntax("InvalidAggregation", $"Aggregation function {call.Name} is not allowed here", call.Pos);
            }

            if (_insideAggregate)
            {
                throw CypherException.Syntax("NestedAggregation", "Aggregations cannot be nested", call.Pos);
            }

            if (_insideLocalScope)
            {
                throw CypherException.Syntax("InvalidAggregation", "Aggregations are not allowed inside list comprehensions and quantifiers", call.Pos);
            }

            if (call.Args.Count == 0 || (call.Args.Count > 1 && !name.StartsWith("percentile", StringComparison.Ordinal)))
            {
                throw CypherException.Syntax("InvalidNumberOfArguments", $"{call.Name} takes one argument", call.Pos);
            }

            if (call.Args[0] is CallExpr { Name: var inner } && inner.Equals("rand", StringComparison.OrdinalIgnoreCase))
            {
                throw CypherException.Syntax("NonConstantExpression", "Aggregating over rand() is not deterministic", call.Pos);
            }

            _insideAggregate = true;
            try
            {
                var arg = Compile(call.Args[0]);
                var extra = call.Args.Count > 1 ? Compile(call.Args[1]) : null;
                return CompileAggregate(name, arg, call.Distinct, extra, call.Pos);
            }
            finally
            {
                _insideAggregate = false;
            }
        }

        if (call.Args.Count == 1 && name is "size" && call.Args[0] is PatternExpr)
        {
            throw CypherException.Syntax("UnexpectedSyntax", "size() of a pattern is not supported; use a pattern comprehension or COUNT", call.Args[0].Pos);
        }

        if (call.Args.Count == 1 && name is "size")
        {
            RequireType(call.Args[0], "size()", "String", "List");
        }
        else if (call.Args.Count == 1 && name is "length")
        {
            RequireType(call.Args[0], "length()", "Path", "String", "List");
        }

        var args = call.Args.Select(Compile).ToArray();
        return Functions.Compile(name, call, args);
    }

    private Eval CompileAggregate(string name, Eval? arg, bool distinct, Eval? extra, int pos)
    {
        if (_aggregates is null)
        {
            throw CypherException.Syntax("InvalidAggregation", "Aggregation is not allowed here", pos);
        }

        if (_insideLocalScope)
        {
            throw CypherException.Syntax("InvalidAggregation", "Aggregations are not allowed inside list comprehensions and quantifiers", pos);
        }

        if (_insideAggregate && arg is null)
        {
            throw CypherException.Syntax("NestedAggregation", "Aggregations cannot be nested", pos);
        }

        var index = _aggregates.Count;
        _aggregates.Add(new AggregateSpec(name, arg, distinct, extra));
        return (_, ctx) => ctx.Aggregates![index];
    }
}

namespace SupplyGraph.Cypher;

/// <summary>Turns pattern syntax into compiled parts, registering new variables in the scope.</summary>
internal static class PatternCompiler
{
    public static PatternMatcher Compile(IReadOnlyList<PatternPart> parts, Scope scope, Expr? where = null)
    {
        var inputVars = new HashSet<string>(scope.Names, StringComparer.Ordinal);
        var pushed = where is null ? [] : EqualityConjuncts(where, inputVars);
        var compiled = new List<CompiledPart>();
        var boundSoFar = new HashSet<string>(inputVars, StringComparer.Ordinal);
        var relVarsInClause = new HashSet<string>(StringComparer.Ordinal);
        foreach (var part in parts)
        {
            var cp = CompilePart(part, scope, inputVars, boundSoFar, relVarsInClause, pushed);
            if (where is not null && cp.Shortest is not null)
            {
                CompilePathFilter(cp, part, where, scope);
            }

            compiled.Add(cp);
        }

        return new PatternMatcher(compiled.ToArray(), scope.Count, scope);
    }

    /// <summary>
    /// Collects the WHERE conjuncts that name a shortest path's path or relationship variable and use nothing bound
    /// later, so that the search can test each candidate path (see <see cref="CompiledPart.PathFilter"/>).
    /// </summary>
    private static void CompilePathFilter(CompiledPart cp, PatternPart part, Expr where, Scope scope)
    {
        var own = new HashSet<string>(StringComparer.Ordinal);
        if (part.PathVar is not null)
        {
            own.Add(part.PathVar);
        }

        if (part.Rels.Count == 1 && part.Rels[0].Var is { } relVar)
        {
            own.Add(relVar);
        }

        var known = new HashSet<string>(scope.Names, StringComparer.Ordinal);
        var filters = new List<Expr>();
        var stack = new Stack<Expr>();
        stack.Push(where);
        while (stack.Count > 0)
        {
            var e = stack.Pop();
            if (e is BinaryExpr { Op: "AND" } and)
            {
                stack.Push(and.Right);
                stack.Push(and.Left);
                continue;
            }

            var free = ExprCompiler.FreeVariables(e).ToHashSet(StringComparer.Ordinal);
            if (free.Overlaps(own) && free.IsSubsetOf(known) && !ExprCompiler.ContainsAggregate(e))
            {
                filters.Add(e);
            }
        }

        if (filters.Count == 0)
        {
            return;
        }

        var ec = new ExprCompiler(scope);
        var evals = filters.ConvertAll(ec.Compile).ToArray();
        cp.PathFilter = (row, ctx) =>
        {
            foreach (var f in evals)
            {
                if (!ExprCompiler.Passes(f, row, ctx))
                {
                    return false;
                }
            }

            return true;
        };
        cp.PathFilterText = string.Join(" AND ", filters.Select(AstText.Print));
    }

    /// <summary>A pattern inside an expression (predicate or comprehension): its new variables go into <paramref name="scope"/>.</summary>
    public static PatternMatcher CompileSubPattern(PatternPart part, Scope scope) => Compile([part], scope);

    /// <summary>
    /// <c>WHERE n.key = expr</c> conjuncts whose <c>expr</c> uses only variables bound before the MATCH: they become
    /// property predicates of node <c>n</c>, so that an id (or name) in WHERE anchors the pattern like one in a map.
    /// </summary>
    private static List<(string Var, string Key, Expr Value)> EqualityConjuncts(Expr where, HashSet<string> inputVars)
    {
        var found = new List<(string, string, Expr)>();
        var stack = new Stack<Expr>();
        stack.Push(where);
        while (stack.Count > 0)
        {
            var e = stack.Pop();
            if (e is BinaryExpr { Op: "AND" } and)
            {
                stack.Push(and.Left);
                stack.Push(and.Right);
            }
            else if (e is CompareExpr { Ops: ["="] } cmp)
            {
                foreach (var (prop, value) in new[] { (cmp.Operands[0], cmp.Operands[1]), (cmp.Operands[1], cmp.Operands[0]) })
                {
                    if (prop is PropExpr { Target: VarExpr v } p && !inputVars.Contains(v.Name)
                        && ExprCompiler.FreeVariables(value).All(inputVars.Contains) && !ExprCompiler.ContainsAggregate(value)
                        && value is not (PatternExpr or PatternCompExpr))
                    {
                        found.Add((v.Name, p.Key, value));
                        break;
                    }
                }
            }
        }

        return found;
    }

    private static CompiledPart CompilePart(PatternPart part, Scope scope, HashSet<string> inputVars, HashSet<string> boundSoFar, HashSet<string> relVarsInClause, List<(string Var, string Key, Expr Value)> pushed)
    {
        var cp = new CompiledPart { Shortest = part.Shortest };
        var ec = new ExprCompiler(scope);
        var nodes = new CompiledNode[part.Nodes.Count];
        var rels = new CompiledRel[part.Rels.Count];
        // Register variables first so that property maps may refer to variables bound earlier in the pattern.
        for (var i = 0; i < part.Nodes.Count; i++)
        {
            var np = part.Nodes[i];
            var name = np.Var ?? Scope.Anonymous();
            var kind = scope.KindOf(name);
            if (scope.Has(name) && kind is not (VarKind.Node or VarKind.Any))
            {
                throw CypherException.Syntax("VariableTypeConflict", $"Variable `{name}` is not a node", np.Pos);
            }

            nodes[i] = new CompiledNode
            {
                Slot = scope.Add(name, VarKind.Node),
                InputBound = inputVars.Contains(name),
                Labels = [.. np.Labels],
            };
            boundSoFar.Add(name);
        }

        for (var i = 0; i < part.Rels.Count; i++)
        {
            var rp = part.Rels[i];
            var name = rp.Var ?? Scope.Anonymous();
            if (rp.Var is not null)
            {
                var kind = scope.KindOf(name);
                if (scope.Has(name) && (kind is VarKind.Node or VarKind.Path or VarKind.Value || (rp.VarLength && kind == VarKind.Relationship) || (!rp.VarLength && kind is VarKind.RelationshipList or VarKind.List)))
                {
                    throw CypherException.Syntax("VariableTypeConflict", $"Variable `{name}` is already a {kind}", rp.Pos);
                }

                if (!relVarsInClause.Add(name) && !inputVars.Contains(name))
                {
                    throw CypherException.Syntax("RelationshipUniquenessViolation", $"Relationship `{name}` appears twice in the pattern", rp.Pos);
                }
            }

            var isVarLength = rp.VarLength;
            rels[i] = new CompiledRel
            {
                Slot = scope.Add(name, isVarLength ? VarKind.RelationshipList : VarKind.Relationship),
                InputBound = inputVars.Contains(name),
                Types = [.. rp.Types],
                Direction = rp.Direction,
                VarLength = isVarLength,
                Min = isVarLength ? rp.MinHops ?? 1 : 1,
                Max = isVarLength ? rp.MaxHops ?? int.MaxValue : 1,
            };
        }

        if (part.PathVar is not null)
        {
            if (scope.Has(part.PathVar))
            {
                throw CypherException.Syntax("VariableAlreadyBound", $"Variable `{part.PathVar}` is already defined", part.Pos);
            }

            cp.PathSlot = scope.Add(part.PathVar, VarKind.Path);
        }

        for (var i = 0; i < part.Nodes.Count; i++)
        {
            (nodes[i].Props, nodes[i].PropsParam) = CompileProps(part.Nodes[i].Properties, ec);
            if (part.Nodes[i].Var is { } name)
            {
                var extra = pushed.Where(p => p.Var == name).Select(p => (p.Key, ec.Compile(p.Value))).ToArray();
                if (extra.Length > 0)
                {
                    nodes[i].Props = [.. nodes[i].Props, .. extra];
                }
            }
        }

        for (var i = 0; i < part.Rels.Count; i++)
        {
            (rels[i].Props, var param) = CompileProps(part.Rels[i].Properties, ec);
            if (param is not null)
            {
                throw CypherException.Syntax("InvalidParameterUse", "Parameter maps are not supported in relationship patterns", part.Rels[i].Pos);
            }
        }

        cp.Nodes = nodes;
        cp.Rels = rels;
        cp.Anchor = ChooseAnchor(nodes);
        return cp;
    }

    private static ((string, Eval)[] Props, Eval? Param) CompileProps(Expr? props, ExprCompiler ec)
    {
        if (props is null)
        {
            return ([], null);
        }

        if (props is MapExpr map)
        {
            return (map.Entries.Select(kv => (kv.Key, ec.Compile(kv.Value))).ToArray(), null);
        }

        throw CypherException.Syntax("InvalidParameterUse", "Parameter maps cannot be used in MATCH or MERGE patterns; use {key: $value}", props.Pos);
    }

    private static int ChooseAnchor(CompiledNode[] nodes)
    {
        for (var i = 0; i < nodes.Length; i++)
        {
            if (nodes[i].InputBound)
            {
                return i;
            }
        }

        for (var i = 0; i < nodes.Length; i++)
        {
            if (nodes[i].Props.Any(p => p.Key is "id" or "name"))
            {
                return i;
            }
        }

        for (var i = 0; i < nodes.Length; i++)
        {
            if (nodes[i].Labels.Length > 0)
            {
                return i;
            }
        }

        return 0;
    }
}

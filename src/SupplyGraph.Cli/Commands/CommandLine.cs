namespace SupplyGraph.Cli.Commands;

/// <summary>Parsed arguments: positionals and <c>--name value</c> / <c>--flag</c> options.</summary>
public sealed class CommandLine
{
    private static readonly HashSet<string> Flags = ["json", "force", "empty", "help", "quiet", "reverse", "all", "downstream", "dry-run", "exposure"];
    private readonly Dictionary<string, string> _options = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _all = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(["data", "json", "quiet", "help"], StringComparer.Ordinal);

    public CommandLine(IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var a = args[i];
            if (a.StartsWith("--", StringComparison.Ordinal) && a.Length > 2)
            {
                var name = a[2..];
                var eq = name.IndexOf('=');
                if (eq > 0)
                {
                    _options[name[..eq]] = name[(eq + 1)..];
                    Remember(name[..eq], name[(eq + 1)..]);
                }
                else if (Flags.Contains(name))
                {
                    _options[name] = "true";
                }
                else if (i + 1 < args.Count)
                {
                    _options[name] = args[++i];
                    Remember(name, args[i]);
                }
                else
                {
                    throw new UsageException($"option --{name} needs a value");
                }
            }
            else
            {
                Positionals.Add(a);
            }
        }
    }

    public List<string> Positionals { get; } = [];

    private void Remember(string name, string value)
    {
        if (!_all.TryGetValue(name, out var list))
        {
            _all[name] = list = [];
        }

        list.Add(value);
    }

    /// <summary>Every value of an option that may repeat, e.g. <c>--param a=1 --param b=2</c>.</summary>
    public IReadOnlyList<string> Options(string name)
    {
        _used.Add(name);
        return _all.GetValueOrDefault(name) ?? [];
    }

    public bool Flag(string name)
    {
        _used.Add(name);
        return _options.ContainsKey(name);
    }

    public string? Option(string name)
    {
        _used.Add(name);
        return _options.GetValueOrDefault(name);
    }

    public int IntOption(string name, int fallback)
    {
        var v = Option(name);
        return v is null ? fallback : int.TryParse(v, out var n) && n > 0 ? n : throw new UsageException($"--{name} expects a positive whole number, got '{v}'");
    }

    public DateOnly? DateOption(string name)
    {
        var v = Option(name);
        return v is null ? null
            : DateOnly.TryParseExact(v, "yyyy-MM-dd", out var d) ? d
            : throw new UsageException($"--{name} expects a date as YYYY-MM-DD, got '{v}'");
    }

    public string Positional(int index, string what) =>
        index < Positionals.Count ? Positionals[index] : throw new UsageException($"missing {what}");

    /// <summary>Fails on options the command did not read, so that typos do not pass silently.</summary>
    public void RejectUnknown()
    {
        var unknown = _options.Keys.Where(k => !_used.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new UsageException("unknown option " + string.Join(", ", unknown.Select(u => "--" + u)));
        }
    }
}

public sealed class UsageException(string message) : Exception(message);

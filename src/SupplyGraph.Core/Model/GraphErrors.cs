namespace SupplyGraph.Core.Model;

/// <summary>One problem with input: where it is, which field, and what is wrong.</summary>
/// <param name="Location">File and line, when known.</param>
/// <param name="Field">The field path, e.g. <c>relationships[3].share</c>.</param>
/// <param name="Message">What is wrong, in words a user can act on.</param>
public sealed record InputError(SourceLocation? Location, string Field, string Message)
{
    /// <inheritdoc/>
    public override string ToString()
    {
        var where = Location is null ? "" : Location + ": ";
        var field = Field.Length == 0 ? "" : Field + ": ";
        return where + field + Message;
    }
}

/// <summary>Thrown when input is invalid; nothing was changed.</summary>
public sealed class InvalidInputException : Exception
{
    /// <summary>Creates the exception from the problems found (at least one).</summary>
    /// <param name="errors">The problems.</param>
    public InvalidInputException(IReadOnlyList<InputError> errors)
        : base(Describe(errors)) => Errors = errors;

    /// <summary>Creates the exception for a single problem.</summary>
    /// <param name="error">The problem.</param>
    public InvalidInputException(InputError error)
        : this([error])
    {
    }

    /// <summary>All the problems found (validation does not stop at the first).</summary>
    public IReadOnlyList<InputError> Errors { get; }

    private static string Describe(IReadOnlyList<InputError> errors)
    {
        const int Shown = 20;
        var lines = errors.Take(Shown).Select(e => e.ToString()).ToList();
        if (errors.Count > Shown)
        {
            lines.Add($"… and {errors.Count - Shown} more");
        }

        return string.Join(Environment.NewLine, lines);
    }
}

/// <summary>Thrown when a name or id matches no entity, or several.</summary>
public sealed class EntityNotFoundException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="reference">What the user wrote.</param>
    /// <param name="candidates">Close matches, if several fit.</param>
    public EntityNotFoundException(string reference, IReadOnlyList<Entity> candidates)
        : this(reference, candidates, candidates.Count == 0
            ? $"no entity matches '{reference}'"
            : $"'{reference}' is ambiguous; candidates: " + string.Join(", ", candidates.Select(c => $"{c.Id} ({c.Name})")))
    {
    }

    /// <summary>Creates the exception with its own message (e.g. a close match refused because an exact one was asked for).</summary>
    /// <param name="reference">What the user wrote.</param>
    /// <param name="candidates">Close matches.</param>
    /// <param name="message">What to tell the user.</param>
    public EntityNotFoundException(string reference, IReadOnlyList<Entity> candidates, string message)
        : base(message)
    {
        Reference = reference;
        Candidates = candidates;
    }

    /// <summary>What the user wrote.</summary>
    public string Reference { get; }

    /// <summary>The entities it could mean (empty when none matched).</summary>
    public IReadOnlyList<Entity> Candidates { get; }
}

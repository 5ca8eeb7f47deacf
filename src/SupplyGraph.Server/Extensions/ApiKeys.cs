using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace SupplyGraph.Server.Extensions;

/// <summary>Roles, weakest first: a reader reads and subscribes, an editor also writes, an admin also administers.</summary>
public static class Roles
{
    public const string Reader = "reader";
    public const string Editor = "editor";
    public const string Admin = "admin";

    public static readonly string[] All = [Reader, Editor, Admin];

    public static string[] AtLeast(string role) => All[Array.IndexOf(All, role)..];
}

public static class Policies
{
    public const string Read = "read";
    public const string Write = "write";
    public const string Admin = "admin";
}

/// <summary>
/// Authenticates an API key into a role claim: the <c>X-Api-Key</c> header or <c>Authorization: Bearer KEY</c>; on the
/// hub's paths also the <c>access_token</c> query parameter, which browsers' SignalR clients must use for WebSockets.
/// Nowhere else: a key in a URL ends up in logs and histories.
/// </summary>
public sealed class ApiKeyHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IOptions<SupplyGraphOptions> settings)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    /// <summary>Where the hubs live (negotiate and connect are below it).</summary>
    public static readonly PathString HubPaths = "/hubs";
    private readonly Dictionary<string, string> _keys = settings.Value.Keys();
    private readonly Dictionary<string, string> _names = settings.Value.KeyNames();

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var bearer = Request.Headers.Authorization.FirstOrDefault() is { } h && h.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? h[7..].Trim() : null;
        var fromQuery = Request.Path.StartsWithSegments(HubPaths, StringComparison.Ordinal) ? Request.Query["access_token"].FirstOrDefault() : null;
        var key = Request.Headers["X-Api-Key"].FirstOrDefault() ?? bearer ?? fromQuery;
        if (key is not null)
        {
            return Task.FromResult(_keys.TryGetValue(key, out var role) ? Success(role, _names.GetValueOrDefault(key, "key"), KeyOwner(key)) : AuthenticateResult.Fail("unknown API key"));
        }

        var anonymous = settings.Value.AnonymousLoopbackRole;
        if (!string.IsNullOrEmpty(anonymous) && Context.Connection.RemoteIpAddress is { } ip && IPAddress.IsLoopback(ip))
        {
            return Task.FromResult(Success(anonymous, "anonymous-loopback", "anonymous-loopback"));
        }

        return Task.FromResult(AuthenticateResult.NoResult());
    }

    /// <summary>401 as problem details that say which role the endpoint needs and how to send a key.</summary>
    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(StatusCodes.Status401Unauthorized, "a key is needed",
            Request.Headers.ContainsKey("X-Api-Key") || Request.Headers.Authorization.Count > 0 ? "the API key sent is not one this server knows" : "no API key was sent");

    /// <summary>403 as problem details that name the role needed and the role the key has.</summary>
    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(StatusCodes.Status403Forbidden, "the key's role may not do this",
            $"the key has the {Context.User.FindFirstValue(ClaimTypes.Role) ?? "no"} role");

    private async Task WriteProblemAsync(int status, string title, string why)
    {
        var needed = RoleNeeded(Context.GetEndpoint());
        Response.StatusCode = status;
        if (status == StatusCodes.Status401Unauthorized)
        {
            Response.Headers.WWWAuthenticate = "Bearer";
        }

        var detail = needed is null
            ? $"{why}; send a key as X-Api-Key or Authorization: Bearer"
            : $"this needs the {needed} role{(needed == Roles.Admin ? "" : " or higher")}; {why}; send a key with that role as X-Api-Key or Authorization: Bearer";
        var problems = Context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Status = status, Title = title, Detail = detail, Extensions = { ["field"] = "X-Api-Key", ["roleNeeded"] = needed } },
        });
    }

    /// <summary>The weakest role the endpoint's policies admit (the strongest of its policies decides).</summary>
    private static string? RoleNeeded(Endpoint? endpoint)
    {
        var policies = endpoint?.Metadata.GetOrderedMetadata<Microsoft.AspNetCore.Authorization.IAuthorizeData>().Select(a => a.Policy) ?? [];
        return policies.Contains(Policies.Admin) ? Roles.Admin
            : policies.Contains(Policies.Write) ? Roles.Editor
            : policies.Contains(Policies.Read) ? Roles.Reader
            : null;
    }

    private AuthenticateResult Success(string role, string name, string owner) =>
        AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role), new Claim(OwnerClaim, owner)], SchemeName)), SchemeName));

    /// <summary>The claim naming whose things (watchlists) a request sees.</summary>
    public const string OwnerClaim = "supplygraph:owner";

    /// <summary>Whose things a request sees: a named key's name, else the key itself as a hash (a key is never stored).</summary>
    private string KeyOwner(string key) => _names.TryGetValue(key, out var name)
        ? "name:" + name
        : "key:" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)))[..32];

    /// <summary>The owner of an authenticated request (see <see cref="OwnerClaim"/>).</summary>
    public static string Owner(ClaimsPrincipal user) => user.FindFirstValue(OwnerClaim) ?? throw new InvalidOperationException("the request is not authenticated by an API key");
}

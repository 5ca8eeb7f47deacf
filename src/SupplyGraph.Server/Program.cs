using SupplyGraph.Server.Extensions;

var builder = WebApplication.CreateBuilder(args);
builder.AddSupplyGraph();

var app = builder.Build();
app.MapSupplyGraph();
app.Run();

/// <summary>Visible to <c>WebApplicationFactory</c> in the tests.</summary>
public partial class Program;

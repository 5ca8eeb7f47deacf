using System.Text;

namespace SupplyGraph.Server.Tests.Fuzz;

/// <summary>
/// Cases the fuzz tests found, kept as regression tests: <c>Fuzz/corpus/*.txt</c>, each a <c>#</c> comment saying
/// what it broke, a target line (<c>POST /api/batches</c>, <c>GET /api/paths?…</c> or <c>import NAME.csv</c>) and the
/// body in base64 (bodies hold invalid UTF-8 on purpose).
/// </summary>
public static class Corpus
{
    public static TheoryData<string, string, string, byte[]> Http => Load(import: false);

    public static TheoryData<string, string, string, byte[]> Imports => Load(import: true);

    private static TheoryData<string, string, string, byte[]> Load(bool import)
    {
        var data = new TheoryData<string, string, string, byte[]>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "Fuzz", "corpus"), "*.txt").Order(StringComparer.Ordinal))
        {
            var lines = File.ReadAllLines(file, Encoding.UTF8).Where(l => !l.StartsWith('#') && l.Length > 0).ToList();
            var target = lines[0].Split(' ', 2);
            if ((target[0] == "import") == import)
            {
                data.Add(Path.GetFileNameWithoutExtension(file), target[0], target[1], lines.Count > 1 ? Convert.FromBase64String(lines[1]) : []);
            }
        }

        return data;
    }
}

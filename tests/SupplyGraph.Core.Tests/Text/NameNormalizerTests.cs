using System.Globalization;
using System.Text;
using System.Text.Json;
using SupplyGraph.Core.Tests.Support;
using SupplyGraph.Core.Text;

namespace SupplyGraph.Core.Tests.Text;

/// <summary>The one-pass tokenizer must split every name as the decompose-then-split definition does.</summary>
public sealed class NameNormalizerTests
{
    [Fact]
    public void Tokens_EveryNameAndAddressOfTheSharedLists_SameAsDefinition()
    {
        var texts = new List<string>
        {
            "", "...", "Co.,Ltd", "U.S.A. Trading", "Ünïcödé Çø", "Мария Александровна", "中国电子科技集团", "a\u0301b", "People?s", "x'y’z",
            "The Company Limited", "Co”peratief",
        };
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepoPaths.Shared, "data", "entity-lists"), "*.json"))
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(file));
            if (!doc.RootElement.TryGetProperty("entities", out var entities))
            {
                continue;
            }

            foreach (var e in entities.EnumerateArray())
            {
                texts.Add(e.GetProperty("name").GetString()!);
                texts.AddRange(e.GetProperty("aliases").EnumerateArray().Select(a => a.GetString()!));
                if (e.GetProperty("address").ValueKind == JsonValueKind.String)
                {
                    texts.Add(e.GetProperty("address").GetString()!);
                }
            }
        }

        // Latin, Cyrillic and accented names as OpenSanctions publishes them.
        texts.AddRange(File.ReadLines(Path.Combine(RepoPaths.Shared, "data", "ftm", "opensanctions_zala_aero_cluster.ftm.json")));

        Assert.True(texts.Count > 10_000);
        foreach (var text in texts)
        {
            Assert.Equal(Definition(text), NameNormalizer.Tokens(text));
        }
    }

    /// <summary>Decompose, drop combining marks, apostrophes and dots, lower-case letters and digits, split on the rest, drop legal forms.</summary>
    private static string[] Definition(string name)
    {
        string[] noise = ["co", "ltd", "inc", "llc", "corp", "corporation", "company", "limited", "gmbh", "plc", "sa", "ag", "jsc",
            "pjsc", "ojsc", "cjsc", "ooo", "oao", "zao", "pte", "sdn", "bhd", "srl", "bv", "nv", "the", "of", "and",
            "joint", "stock", "liability", "ao", "pao", "tov", "obshchestvo", "s", "ogranichennoy", "ogranichennoi", "otvetstvennostyu",
            "otvetstvennostiu", "otvetstvennostju", "aktsionernoe", "aktsionernoye", "aktsionerne", "zakrytoe", "zakrytoye", "otkrytoe",
            "otkrytoye", "publichnoe", "publichnoye", "tovarystvo", "z", "obmezhenoyu", "obmezhenoiu", "vidpovidalnistyu", "vidpovidalnistiu"];
        var sb = new StringBuilder();
        foreach (var c in name.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark || c is '\'' or '’' or '.')
            {
                continue;
            }

            sb.Append(char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : ' ');
        }

        var all = sb.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var kept = all.Where(t => !noise.Contains(t)).ToArray();
        return kept.Length > 0 ? kept : all;
    }
}

using System.Collections.Frozen;
using System.Text;

namespace SupplyGraph.Core.Resolution;

/// <summary>
/// Cross-script comparison: Cyrillic names are written in Latin letters (Russian, Ukrainian and Belarusian letters,
/// the BGN/PCGN spellings OpenSanctions and the lists mostly use: Захаров → Zakharov, Калашников → Kalashnikov) so
/// that <see cref="TokenFolding"/> compares them with their Latin forms, and Chinese names are reduced to the form
/// two publishers share: simplified characters (商湯 → 商汤) without the legal form (…股份有限公司, …有限公司).
/// </summary>
/// <remarks>
/// A Chinese name has no Latin reading without a dictionary; it joins its Latin form only where a record gives both
/// (an alias), which the exact stage then matches on both sides. The traditional-to-simplified table holds the
/// characters common in company names, not the whole script.
/// </remarks>
public static class ScriptFolding
{
    private static readonly FrozenDictionary<char, string> Cyrillic = new Dictionary<char, string>
    {
        ['а'] = "a",
        ['б'] = "b",
        ['в'] = "v",
        ['г'] = "g",
        ['д'] = "d",
        ['е'] = "e",
        ['ё'] = "e",
        ['ж'] = "zh",
        ['з'] = "z",
        ['и'] = "i",
        ['й'] = "y",
        ['к'] = "k",
        ['л'] = "l",
        ['м'] = "m",
        ['н'] = "n",
        ['о'] = "o",
        ['п'] = "p",
        ['р'] = "r",
        ['с'] = "s",
        ['т'] = "t",
        ['у'] = "u",
        ['ф'] = "f",
        ['х'] = "kh",
        ['ц'] = "ts",
        ['ч'] = "ch",
        ['ш'] = "sh",
        ['щ'] = "shch",
        ['ъ'] = "",
        ['ы'] = "y",
        ['ь'] = "",
        ['э'] = "e",
        ['ю'] = "yu",
        ['я'] = "ya",
        // Ukrainian and Belarusian letters.
        ['і'] = "i",
        ['ї'] = "yi",
        ['є'] = "ye",
        ['ґ'] = "g",
        ['ў'] = "u",
        // Serbian and Macedonian letters.
        ['ђ'] = "dj",
        ['ј'] = "j",
        ['љ'] = "lj",
        ['њ'] = "nj",
        ['ћ'] = "c",
        ['џ'] = "dz",
        ['ѓ'] = "gj",
        ['ќ'] = "kj",
        ['ѕ'] = "dz",
    }.ToFrozenDictionary();

    // Pairs of traditional and simplified characters frequent in company and place names.
    private const string Traditional =
        "國際電華業體導術圖資訊網絡號設備產製開發機車東廣灣門龍興實區聯視數據雲創達頭學飛藝無線進鐵銀錢鋼長陽陳張劉趙黃廠團億萬樂醫藥貿財務經營與為們個來時這說對會話後從將書見問間點員現場變質條報類關應環節價轉參給護鐘壓礦極層連運遠適選邊檢測準確礎碼標樓築積離濟滬瀋蘇閩鄭嶺陝維織紡綜總統組約級納紅紀純細練繼續纜軟輕載輸辦過還鏈鎮鋁銅錫鍵鐳閥陸隊險雙雜靈韓頻顯風飲館馬驗魚鳥麗齊齒湯曠鴻諾邁騰權歐亞臺兩嚴豐鳳廈貝輝煉熱燈爐牆瑪畫異疊盤監盧碩磚禮穩競筆範簡糧緊編縣義習聖聲職膠臨艦艙處蟲補裝複觀計記許評詞試詳認語誠調談請論證識讓貨購賽贊趨跡踐輪農遞遷郵鄉釋針鈦銷鋒鋰錄鍋鎖鏡閃閱隨雞難霧靜項順須預領題額顏願飯騎驅鬥鮮鵬鹽黨齡團塊訂軍種攝遙";

    private const string Simplified =
        "国际电华业体导术图资讯网络号设备产制开发机车东广湾门龙兴实区联视数据云创达头学飞艺无线进铁银钱钢长阳陈张刘赵黄厂团亿万乐医药贸财务经营与为们个来时这说对会话后从将书见问间点员现场变质条报类关应环节价转参给护钟压矿极层连运远适选边检测准确础码标楼筑积离济沪沈苏闽郑岭陕维织纺综总统组约级纳红纪纯细练继续缆软轻载输办过还链镇铝铜锡键镭阀陆队险双杂灵韩频显风饮馆马验鱼鸟丽齐齿汤旷鸿诺迈腾权欧亚台两严丰凤厦贝辉炼热灯炉墙玛画异叠盘监卢硕砖礼稳竞笔范简粮紧编县义习圣声职胶临舰舱处虫补装复观计记许评词试详认语诚调谈请论证识让货购赛赞趋迹践轮农递迁邮乡释针钛销锋锂录锅锁镜闪阅随鸡难雾静项顺须预领题额颜愿饭骑驱斗鲜鹏盐党龄团块订军种摄遥";

    private static readonly FrozenDictionary<char, char> ToSimplified = BuildSimplified();

    // Longest first: "…股份有限公司" before "…有限公司" before "…公司".
    private static readonly string[] HanLegalForms = ["股份有限公司", "有限责任公司", "有限公司", "股份公司", "株式会社", "有限会社", "合同会社", "公司"];

    /// <summary>Whether <paramref name="text"/> has a Cyrillic letter.</summary>
    /// <param name="text">A name.</param>
    /// <returns>True when it has one.</returns>
    public static bool HasCyrillic(string text) => text.AsSpan().IndexOfAnyInRange('\u0400', '\u04FF') >= 0;

    /// <summary>Whether <paramref name="text"/> has a CJK ideograph.</summary>
    /// <param name="text">A name.</param>
    /// <returns>True when it has one.</returns>
    public static bool HasHan(string text) => text.AsSpan().IndexOfAnyInRange('\u4E00', '\u9FFF') >= 0;

    /// <summary>
    /// The text with Cyrillic letters written in Latin letters (other characters unchanged, case kept as upper or
    /// lower of the letter's first Latin letter); the text itself when it has none.
    /// </summary>
    /// <param name="text">A name.</param>
    /// <returns>The Latin form.</returns>
    public static string ToLatin(string text)
    {
        if (!HasCyrillic(text))
        {
            return text;
        }

        var sb = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            var lower = char.ToLowerInvariant(c);
            if (Cyrillic.TryGetValue(lower, out var latin))
            {
                sb.Append(c != lower && latin.Length > 0 ? char.ToUpperInvariant(latin[0]) + latin[1..] : latin);
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    /// <summary>
    /// A name with Chinese characters in simplified form and without a trailing legal form ("深圳市大疆创新科技有限公司" →
    /// "深圳市大疆创新科技"); the text itself when it has none.
    /// </summary>
    /// <param name="text">A name.</param>
    /// <returns>The folded name.</returns>
    public static string FoldHan(string text)
    {
        if (!HasHan(text))
        {
            return text;
        }

        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            sb.Append(ToSimplified.TryGetValue(c, out var s) ? s : c);
        }

        var folded = sb.ToString().Trim();
        foreach (var form in HanLegalForms)
        {
            if (folded.Length > form.Length && folded.EndsWith(form, StringComparison.Ordinal))
            {
                return folded[..^form.Length].TrimEnd();
            }
        }

        return folded;
    }

    /// <summary>Both folds: the form every comparison of names starts from.</summary>
    /// <param name="text">A name.</param>
    /// <returns>The folded name.</returns>
    public static string Fold(string text) => FoldHan(ToLatin(text));

    private static FrozenDictionary<char, char> BuildSimplified()
    {
        var map = new Dictionary<char, char>();
        for (var i = 0; i < Traditional.Length && i < Simplified.Length; i++)
        {
            if (Traditional[i] != Simplified[i])
            {
                map.TryAdd(Traditional[i], Simplified[i]);
            }
        }

        return map.ToFrozenDictionary();
    }
}

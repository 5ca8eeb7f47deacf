namespace SupplyGraph.Cypher.Tests;

/// <summary>
/// Temporal behaviour the openCypher TCK does not pin down: bad input is a Cypher error of its openCypher kind (never
/// a .NET exception), named zones follow java.time's gap and overlap rules, and one statement reads one clock.
/// </summary>
public sealed class TemporalTests
{
    private static object? Single(string query)
    {
        var result = new CypherEngine().Execute(new MemoryGraph(), query, new Dictionary<string, object?>());
        return Assert.Single(result.Rows)[0];
    }

    [Theory]
    [InlineData("RETURN date('2015-13-01')")] // month 13
    [InlineData("RETURN date('2015-02-30')")] // no such day
    [InlineData("RETURN date({year: 2015, month: 2, day: 29})")] // not a leap year
    [InlineData("RETURN date({year: 1000000000})")] // beyond openCypher's year range
    [InlineData("RETURN date('not a date')")] // no date at all
    [InlineData("RETURN localtime('25:00')")] // hour 25
    [InlineData("RETURN datetime('2015-07-21T21:40+19:00')")] // offset beyond ±18:00
    [InlineData("RETURN datetime({year: 2015, timezone: 'Mars/Olympus_Mons'})")] // unknown zone
    [InlineData("RETURN datetime('2015-07-21T21:40[Mars/Olympus_Mons]')")] // unknown zone in text
    [InlineData("RETURN duration('P1Q')")] // no such unit
    [InlineData("RETURN duration({days: 1, fortnights: 2})")] // no such component
    [InlineData("RETURN date({year: 2015, week: 54})")] // 2015 has 53 ISO weeks
    [InlineData("RETURN date.truncate('fortnight', date('2015-07-21'))")] // no such unit
    [InlineData("RETURN date('2015-07-21').hour")] // a date has no hour
    [InlineData("RETURN duration({days: 1}) / 0")] // division by zero
    [InlineData("RETURN date('+999999999-12-31') + duration({days: 1})")] // past the last day
    public void Temporal_BadInput_RaisesArgumentError(string query)
    {
        var e = Assert.Throws<CypherException>(() => Single(query));
        Assert.Equal("ArgumentError", e.Kind);
    }

    [Fact]
    public void Temporal_WrongArgumentType_RaisesTypeError()
    {
        var e = Assert.Throws<CypherException>(() => Single("RETURN date(42)"));
        Assert.Equal("TypeError", e.Kind);
    }

    [Fact]
    public void DateTime_LocalTimeInSpringGap_MovesForwardByTheGap()
    {
        // Stockholm skipped 02:00-03:00 on 2017-03-26; java.time (and Neo4j) move 02:30 to 03:30 at the new offset.
        var value = Single("RETURN datetime({year: 2017, month: 3, day: 26, hour: 2, minute: 30, timezone: 'Europe/Stockholm'})");
        Assert.Equal("2017-03-26T03:30+02:00[Europe/Stockholm]", value!.ToString());
    }

    [Fact]
    public void DateTime_LocalTimeInAutumnOverlap_TakesTheEarlierOffset()
    {
        // 02:30 happened twice on 2017-10-29 in Stockholm: first at +02:00, then at +01:00.
        var value = Single("RETURN datetime({year: 2017, month: 10, day: 29, hour: 2, minute: 30, timezone: 'Europe/Stockholm'})");
        Assert.Equal("2017-10-29T02:30+02:00[Europe/Stockholm]", value!.ToString());
    }

    [Fact]
    public void DateTime_PlusHoursAcrossDst_MovesTheInstant()
    {
        // 24 hours after midnight on the autumn change day is 23:00 local: the day had 25 hours.
        var value = Single("RETURN datetime({year: 2017, month: 10, day: 29, timezone: 'Europe/Stockholm'}) + duration({hours: 24})");
        Assert.Equal("2017-10-29T23:00+01:00[Europe/Stockholm]", value!.ToString());
    }

    [Fact]
    public void Now_TwiceInOneStatement_IsTheSameInstant()
    {
        Assert.Equal(true, Single("RETURN datetime() = datetime() AND localtime() = localtime() AND date.statement() = date()"));
    }

    [Fact]
    public void Duration_ListOfTemporalsAsProperty_IsStoredAndReadBack()
    {
        var graph = new MemoryGraph();
        var engine = new CypherEngine();
        engine.Execute(graph, "CREATE (:Event {at: [date('2015-07-21'), date('2016-01-01')], lasts: duration('P1DT2H')})", new Dictionary<string, object?>());
        var row = Assert.Single(engine.Execute(graph, "MATCH (e:Event) RETURN e.at[1].year AS year, e.lasts.hours AS hours", new Dictionary<string, object?>()).Rows);
        Assert.Equal(2016L, row[0]);
        Assert.Equal(2L, row[1]);
    }
}

using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Xunit;
using ZscalerScim.Health;
using ZscalerScim.Internal;
using ZscalerScim.Zia;

namespace ZscalerScim.Tests;

/// <summary>The event-log CSV read by column title, and its failures grouped by ZIA's rules (pure logic).</summary>
public class EventLogTests
{
    private static List<ZiaEventLogEntry> Read(string csv)
    {
        List<ZiaEventLogEntry> rows = new();
        EventLogCsv.Read(new StringReader(csv), 1, rows.Add, CancellationToken.None);
        return rows;
    }

    [Fact]
    public void ReadsColumnsByTitleInAnyOrderWithQuotedCommasQuotesAndLineBreaks()
    {
        var rows = Read("Status Code,Message,result,TIME,Category,Extra\r\n" +
                        "400,\"Create user 'a@x.example': bad, \"\"very\"\" bad\nsecond line\",FAILURE,2026-12-05T10:00:00.000Z,SCIM,ignored\r\n" +
                        "201,Create user 'b@acme.example',SUCCESS,1764928800000,SCIM,\r\n");
        Assert.Equal(2, rows.Count);
        Assert.Equal("Create user 'a@x.example': bad, \"very\" bad\nsecond line", rows[0].Message);
        Assert.Equal(ZiaEventLogResult.Failure, rows[0].Result);
        Assert.Equal(400, rows[0].StatusCode);
        Assert.Null(rows[0].SubCategory);
        Assert.Equal(ZiaEventLogResult.Success, rows[1].Result);
    }

    [Theory]
    [InlineData("Time,Category,Message,Status Code\n", "Result")]
    [InlineData("Time,Result,Message\n", "Category")]
    [InlineData("", "Time")]
    public void AMissingColumnFailsNamingIt(string csv, string column)
    {
        var ex = Assert.Throws<ZiaException>(() => Read(csv));
        Assert.Equal("ZiaEventLogUnreadable", ex.ErrorId);
        Assert.Contains(column, ex.Message);
    }

    [Fact]
    public void ATimeThatCannotBeReadNamesItsRowAndColumn()
    {
        var ex = Assert.Throws<ZiaException>(() => Read("Time,Category,Result,Message\nyesterday,SCIM,FAILURE,x\n"));
        Assert.Contains("Row 1", ex.Message);
        Assert.Contains("'Time'", ex.Message);
    }

    [Fact]
    public void FailuresAreGroupedByZiaRuleWithDomainsAndUsers()
    {
        var rows = Read("Time,Category,Result,Message,Status Code\n" +
            "2026-12-05T10:00:00Z,SCIM,FAILURE,\"Create user 'a@gone.example': userName 'a@gone.example' must be user@domain with a domain registered with Zscaler (registered: acme.example)\",400\n" +
            "2026-12-04T10:00:00Z,SCIM,FAILURE,\"Create user 'b@gone.example': userName 'b@gone.example' must be user@domain with a domain registered with Zscaler\",400\n" +
            "2026-12-05T10:00:00Z,SCIM,FAILURE,\"Update group 'G': User 1 (c@acme.example) already belongs to 128 groups\",400\n" +
            "2026-12-05T10:00:00Z,SCIM,FAILURE,\"Delete user 'admin@acme.example': Admin user cannot be deleted\",409\n" +
            "2026-12-05T10:00:00Z,Authentication,FAILURE,\"GET /Users: the bearer token is not the active one\",401\n" +
            "2026-12-05T10:00:00Z,SCIM,FAILURE,\"Create user 'd@acme.example': A user with userName 'd@acme.example' already exists\",409\n");
        var groups = ZiaRefusals.Group(rows);
        Assert.Equal(new[] { RefusalCause.UnregisteredDomain, RefusalCause.TooManyGroups, RefusalCause.AdminLinkedUser, RefusalCause.TokenRefused, RefusalCause.Other },
            groups.Select(g => g.Cause).ToArray());
        Assert.Contains("gone.example (2 users)", ZiaRefusals.Describe(groups[0]));
        Assert.Contains("c@acme.example", ZiaRefusals.Describe(groups[1]));
        Assert.Contains("409", ZiaRefusals.Describe(groups[4]));
    }
}

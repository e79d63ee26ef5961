using ZscalerScim.Scim;
using ZscalerScim.Sync;
using Xunit;

namespace ZscalerScim.Tests;

public class SyncPlannerTests
{
    private static UserFields Wanted(string? userName, string? department = null, string? externalId = null, bool? active = null) =>
        new() { UserName = userName, Department = department, ExternalId = externalId, Active = active };

    private static (string, UserFields) Server(string id, string userName, string? department = null, string? externalId = null, bool active = true) =>
        (id, new UserFields { UserName = userName, Department = department, ExternalId = externalId, Active = active, GivenName = "Server" });

    // Input rows numbered from 1, as the cmdlet reads them.
    private static List<InputUser> Rows(params UserFields[] users) => users.Select((u, i) => new InputUser(i + 1, u, hasUserName: true)).ToList();

    private static SyncPlan PlanAll(UserFields[] wanted, (string, UserFields)[] server, ScimDeprovisionMode mode, int? limit = null) =>
        SyncPlanner.Plan(Rows(wanted), server, mode, limit);

    private static List<PlannedUser> Plan(UserFields[] wanted, (string, UserFields)[] server, ScimDeprovisionMode mode) =>
        PlanAll(wanted, server, mode).Steps;

    private static (string, UserFields)[] ServerUsers(int count) =>
        Enumerable.Range(1, count).Select(n => Server($"{n}", $"u{n}@acme.example", externalId: $"ext-{n}")).ToArray();

    [Fact]
    public void CreatesWhatIsMissingAndLeavesEqualUsersAlone()
    {
        var plan = Plan(
            new[] { Wanted("a@acme.example", "Sales"), Wanted("b@acme.example", "IT") },
            new[] { Server("1", "a@acme.example", "Sales") },
            ScimDeprovisionMode.None);
        Assert.Equal(new[] { ScimSyncAction.Unchanged, ScimSyncAction.Created }, plan.Select(p => p.Action));
        Assert.Null(plan[0].Send);
        Assert.True(plan[1].Send!.Active);
    }

    [Fact]
    public void ACreateListsWhatItSetsNotThatItWasDone()
    {
        // The same Changes serve a Created result and a Failed one: they must say what was attempted.
        PlannedUser step = Assert.Single(Plan(new[] { Wanted("a@acme.example", "Sales", "E1", active: false) }, Array.Empty<(string, UserFields)>(), ScimDeprovisionMode.None));
        Assert.Equal(ScimSyncAction.Created, step.Action);
        Assert.Equal(new[] { "userName: '' -> 'a@acme.example'", "externalId: '' -> 'E1'", "department: '' -> 'Sales'", "active: True -> False" }, step.Changes);
    }

    [Fact]
    public void AReSyncAfterAServerThatDropsTitleSendsNoPatch()
    {
        // ZIA's server does not keep title: it answers without it, and the next run must not patch it again.
        UserFields wanted = new() { UserName = "a@acme.example", Department = "Sales", Title = "Engineer" };
        PlannedUser step = Assert.Single(Plan(new[] { wanted }, new[] { Server("1", "a@acme.example", "Sales") }, ScimDeprovisionMode.None));
        Assert.Equal(ScimSyncAction.Unchanged, step.Action);
        Assert.Null(step.Send);
    }

    [Fact]
    public void ATitleTheServerKeepsIsPatchedWhenItDiffers()
    {
        UserFields wanted = new() { UserName = "a@acme.example", Title = "Engineer" };
        (string Id, UserFields Current) server = Server("1", "a@acme.example");
        server.Current.Title = "Intern";
        PlannedUser step = Assert.Single(Plan(new[] { wanted }, new[] { server }, ScimDeprovisionMode.None));
        Assert.Equal(ScimSyncAction.Updated, step.Action);
        Assert.Equal(new[] { "title: 'Intern' -> 'Engineer'" }, step.Changes);
        Assert.Equal("title", (string?)Assert.Single(step.Send!.ToPatch())["path"]);
    }

    [Fact]
    public void PatchesOnlyTheAttributesThatDifferAndOnlyManagedOnes()
    {
        var plan = Plan(new[] { Wanted("a@acme.example", "Finance") }, new[] { Server("1", "a@acme.example", "Sales") }, ScimDeprovisionMode.None);
        PlannedUser step = Assert.Single(plan);
        Assert.Equal(ScimSyncAction.Updated, step.Action);
        Assert.Equal("Finance", step.Send!.Department);
        // givenName is not in the input, so the server's value is neither compared nor touched.
        Assert.Null(step.Send.GivenName);
        Assert.Null(step.Send.UserName);
        Assert.Equal(new[] { "department: 'Sales' -> 'Finance'" }, step.Changes);
        Assert.Single(step.Send.ToPatch());
    }

    [Fact]
    public void MatchesOnExternalIdBeforeUserNameSoRenamesAreUpdates()
    {
        var plan = Plan(new[] { Wanted("new@acme.example", externalId: "guid-1") }, new[] { Server("1", "old@acme.example", externalId: "guid-1") }, ScimDeprovisionMode.None);
        PlannedUser step = Assert.Single(plan);
        Assert.Equal(ScimSyncAction.Updated, step.Action);
        Assert.Equal("new@acme.example", step.Send!.UserName);
        Assert.Equal("1", step.Id);
    }

    [Fact]
    public void UserNamesMatchWhateverTheirCase()
    {
        var plan = Plan(new[] { Wanted("A@Acme.Example") }, new[] { Server("1", "a@acme.example") }, ScimDeprovisionMode.None);
        Assert.Equal(ScimSyncAction.Unchanged, Assert.Single(plan).Action);
    }

    [Fact]
    public void ReactivatesAndDisablesByTheActiveFlag()
    {
        var plan = Plan(
            new[] { Wanted("a@acme.example", active: true), Wanted("b@acme.example", active: false) },
            new[] { Server("1", "a@acme.example", active: false), Server("2", "b@acme.example") },
            ScimDeprovisionMode.None);
        Assert.Equal(new[] { ScimSyncAction.Reactivated, ScimSyncAction.Disabled }, plan.Select(p => p.Action));
        Assert.DoesNotContain(plan, p => p.Deprovision);
    }

    [Theory]
    [InlineData(ScimDeprovisionMode.None, new ScimSyncAction[0])]
    [InlineData(ScimDeprovisionMode.Disable, new[] { ScimSyncAction.Disabled })]
    [InlineData(ScimDeprovisionMode.Delete, new[] { ScimSyncAction.Deleted, ScimSyncAction.Deleted })]
    public void DeprovisionsServerUsersAbsentFromTheInput(ScimDeprovisionMode mode, ScimSyncAction[] expected)
    {
        // "gone-disabled" is already inactive: disabling it again would be a write for nothing.
        var plan = Plan(new[] { Wanted("keep@acme.example") },
            new[] { Server("1", "keep@acme.example"), Server("2", "gone@acme.example"), Server("3", "gone-disabled@acme.example", active: false) }, mode);
        Assert.Equal(expected, plan.Skip(1).Select(p => p.Action));
        Assert.All(plan.Skip(1), p => Assert.True(p.Deprovision));
    }

    [Fact]
    public void FailsNamelessAndUnreadableRowsByTheirNumberAndThenDeprovisionsNobody()
    {
        List<InputUser> rows = new()
        {
            new InputUser(1, Wanted("a@acme.example"), true),
            new InputUser(2, Wanted(""), true),
            new InputUser(3, Wanted("c@acme.example"), true, "'maybe' is not a value for active; use true or false."),
        };
        SyncPlan plan = SyncPlanner.Plan(rows, new[] { Server("1", "a@acme.example"), Server("2", "c@acme.example"), Server("3", "gone@acme.example") }, ScimDeprovisionMode.Delete);
        Assert.Equal(new[] { ScimSyncAction.Unchanged, ScimSyncAction.Failed, ScimSyncAction.Failed }, plan.Steps.Select(p => p.Action));
        Assert.Equal("(row 2)", plan.Steps[1].UserName);
        Assert.StartsWith("Row 2 has no userName", plan.Steps[1].Error);
        Assert.Equal("c@acme.example", plan.Steps[2].UserName);
        Assert.Equal("Row 3: 'maybe' is not a value for active; use true or false.", plan.Steps[2].Error);
        Assert.Equal(2, plan.FailedInput);
    }

    [Fact]
    public void FailsEveryRowOfARepeatedUserName()
    {
        var plan = PlanAll(new[] { Wanted("a@acme.example", "Sales"), Wanted("A@acme.example", "IT"), Wanted("b@acme.example") }, Array.Empty<(string, UserFields)>(), ScimDeprovisionMode.None);
        Assert.Equal(new[] { ScimSyncAction.Failed, ScimSyncAction.Failed, ScimSyncAction.Created }, plan.Steps.Select(p => p.Action));
        Assert.StartsWith("Rows 1 and 2 have the same userName 'a@acme.example'", plan.Steps[0].Error);
        Assert.StartsWith("Rows 1 and 2 have the same userName 'A@acme.example'", plan.Steps[1].Error);
    }

    [Fact]
    public void FailsRowsWithTheSameExternalIdAndDeprovisionsNobody()
    {
        var plan = PlanAll(new[] { Wanted("a@acme.example", externalId: "E1"), Wanted("renamed@acme.example", externalId: "E1"), Wanted("b@acme.example", externalId: "E2") },
            new[] { Server("1", "a@acme.example", externalId: "E1"), Server("2", "b@acme.example", externalId: "E2"), Server("3", "gone@acme.example") }, ScimDeprovisionMode.Disable);
        Assert.Equal(new[] { ScimSyncAction.Failed, ScimSyncAction.Failed, ScimSyncAction.Unchanged }, plan.Steps.Select(p => p.Action));
        Assert.StartsWith("Rows 1 and 2 have the same externalId 'E1'", plan.Steps[1].Error);
        Assert.Equal("1", plan.Steps[0].Id);
        // User 1 is matched by nobody now, and gone@ is absent: neither may be deprovisioned while the input is ambiguous.
        Assert.Equal(2, plan.FailedInput);
        Assert.DoesNotContain(plan.Steps, p => p.Deprovision);
    }

    [Fact]
    public void FailsRowsThatMatchOneServerUserByDifferentKeys()
    {
        var plan = Plan(new[] { Wanted("renamed@acme.example", externalId: "E1"), Wanted("a@acme.example", "Sales") },
            new[] { Server("1", "a@acme.example", externalId: "E1") }, ScimDeprovisionMode.None);
        Assert.All(plan, p => Assert.Equal(ScimSyncAction.Failed, p.Action));
        Assert.StartsWith("Rows 1 and 2 match the same server user 'a@acme.example' (id 1)", plan[0].Error);
    }

    [Fact]
    public void NamesAtMostFiveRowsOfALargeClash()
    {
        var plan = Plan(Enumerable.Range(1, 8).Select(n => Wanted($"u{n}@acme.example", externalId: "N/A")).ToArray(), Array.Empty<(string, UserFields)>(), ScimDeprovisionMode.None);
        Assert.StartsWith("Rows 1, 2, 3, 4, 5 and 3 more have the same externalId 'N/A'", plan[7].Error);
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(199, 10)]
    [InlineData(220, 11)]
    [InlineData(2000, 100)]
    public void TheDefaultLimitIsTheLargerOf10And5PercentOfTheServersUsers(int serverUsers, int limit) =>
        Assert.Equal(limit, SyncPlanner.DefaultDeprovisionLimit(serverUsers));

    [Theory]
    [InlineData(ScimDeprovisionMode.Disable)]
    [InlineData(ScimDeprovisionMode.Delete)]
    public void HoldsBackEveryDeprovisioningOverTheLimitButNothingElse(ScimDeprovisionMode mode)
    {
        // 30 server users: the default limit is 10, and 25 are absent.
        var plan = PlanAll(new[] { Wanted("u1@acme.example", "IT", "ext-1") }.Concat(Enumerable.Range(2, 4).Select(n => Wanted($"u{n}@acme.example", externalId: $"ext-{n}"))).Append(Wanted("new@acme.example")).ToArray(),
            ServerUsers(30), mode);
        Assert.Equal(25, plan.HeldBack);
        Assert.Equal(10, plan.DeprovisionLimit);
        Assert.DoesNotContain(plan.Steps, p => p.Deprovision);
        Assert.Equal(new[] { ScimSyncAction.Updated, ScimSyncAction.Unchanged, ScimSyncAction.Unchanged, ScimSyncAction.Unchanged, ScimSyncAction.Unchanged, ScimSyncAction.Created }, plan.Steps.Select(p => p.Action));
    }

    [Fact]
    public void DeprovisionsUpToAGivenLimit()
    {
        UserFields[] wanted = Enumerable.Range(1, 5).Select(n => Wanted($"u{n}@acme.example", externalId: $"ext-{n}")).ToArray();
        Assert.Equal(25, PlanAll(wanted, ServerUsers(30), ScimDeprovisionMode.Disable, limit: 24).HeldBack);
        SyncPlan allowed = PlanAll(wanted, ServerUsers(30), ScimDeprovisionMode.Disable, limit: 25);
        Assert.Equal(0, allowed.HeldBack);
        Assert.Equal(25, allowed.Steps.Count(p => p.Deprovision));
    }

    [Fact]
    public void AnEmptyValueClearsTheAttribute()
    {
        var plan = Plan(new[] { Wanted("a@acme.example", department: "") }, new[] { Server("1", "a@acme.example", "Sales") }, ScimDeprovisionMode.None);
        var op = Assert.Single(Assert.Single(plan).Send!.ToPatch());
        Assert.Equal("remove", (string?)op["op"]);
        Assert.Equal("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", (string?)op["path"]);
    }
}

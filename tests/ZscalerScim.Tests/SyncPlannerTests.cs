using ZscalerScim.Internal;
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
        SyncPlanner.Plan((Rows(wanted)).ToInput(), (server).ToServer(), mode, limit);

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
        SyncPlan plan = SyncPlanner.Plan((rows).ToInput(), (new[] { Server("1", "a@acme.example"), Server("2", "c@acme.example"), Server("3", "gone@acme.example") }).ToServer(), ScimDeprovisionMode.Delete);
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
        Assert.Equal(limit, DeprovisionLimits.Default(serverUsers));

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

    // Issue 20: the one userName rule (case, Unicode form), and server users the plan cannot tell apart.
    private const string ReneComposed = "ren\u00e9@acme.example";
    private const string ReneDecomposed = "rene\u0301@acme.example";

    [Fact]
    public void UserNamesAreTheSameWithoutRegardToCaseOrUnicodeForm()
    {
        Assert.True(UserNameComparer.Same("Ann@Acme.Example", "ann@acme.example"));
        Assert.True(UserNameComparer.Same(ReneComposed, ReneDecomposed));
        Assert.True(UserNameComparer.Same(ReneComposed.ToUpperInvariant(), ReneDecomposed));
        Assert.Equal(UserNameComparer.Instance.GetHashCode(ReneComposed), UserNameComparer.Instance.GetHashCode(ReneDecomposed.ToUpperInvariant()));
        Assert.False(UserNameComparer.Same("rene@acme.example", ReneComposed));
        Assert.False(UserNameComparer.Same("\ud800x@acme.example", "x@acme.example"));
        Assert.True(UserNameComparer.Same("\ud800x@acme.example", "\ud800X@acme.example"));
    }

    [Fact]
    public void ADecomposedSourceNameMatchesTheComposedServerUserAndIsNoRename()
    {
        SyncPlan plan = PlanAll(new[] { Wanted(ReneDecomposed, "Sales") }, new[] { Server("1", ReneComposed, "IT") }, ScimDeprovisionMode.Disable);
        PlannedUser step = Assert.Single(plan.Steps);
        Assert.Equal(ScimSyncAction.Updated, step.Action);
        Assert.Equal("1", step.Id);
        Assert.Null(step.Send!.UserName);
    }

    [Fact]
    public void ServerUsersWithOneExternalIdAreNeitherRenamedNorDeprovisionedAndTheRestGoesOn()
    {
        SyncPlan plan = PlanAll(
            new[] { Wanted("alice@acme.example", externalId: "E1"), Wanted("b1@acme.example") },
            new[] { Server("A", "alice@acme.example", externalId: "E1"), Server("M", "mallory@acme.example", externalId: "E1"), Server("G", "gone@acme.example") },
            ScimDeprovisionMode.Disable);
        Assert.Equal(0, plan.FailedInput);
        Assert.Equal(new[] { "alice@acme.example:Failed", "b1@acme.example:Created", "gone@acme.example:Disabled", "mallory@acme.example:Failed" },
            plan.Steps.Select(p => $"{p.UserName}:{p.Action}").OrderBy(t => t, StringComparer.Ordinal));
        Assert.All(plan.Steps.Where(p => p.Action == ScimSyncAction.Failed), p => Assert.Contains("(id A), 'mallory@acme.example' (id M)", p.Error));
        Assert.Equal("A", plan.Steps.Single(p => p.UserName == "alice@acme.example").Id);
    }

    [Fact]
    public void ServerUserNamesTheRuleTakesForOneAreLeftAloneAndReportedOnce()
    {
        SyncPlan plan = PlanAll(new[] { Wanted("ann@acme.example") }, new[] { Server("1", "ann@acme.example"), Server("2", "ANN@acme.example") }, ScimDeprovisionMode.Delete);
        PlannedUser step = Assert.Single(plan.Steps);
        Assert.Equal(ScimSyncAction.Failed, step.Action);
        Assert.Contains("differ only in case", step.Error);
        Assert.DoesNotContain(plan.Steps, p => p.Writes);
    }

    [Fact]
    public void ARowWhoseExternalIdIsOneServerUserAndUserNameAnotherTouchesNeither()
    {
        SyncPlan plan = PlanAll(new[] { Wanted("alice@acme.example", externalId: "E2") },
            new[] { Server("A", "alice@acme.example", externalId: "E1"), Server("M", "mallory@acme.example", externalId: "E2") }, ScimDeprovisionMode.Disable);
        PlannedUser step = Assert.Single(plan.Steps);
        Assert.Equal(ScimSyncAction.Failed, step.Action);
        Assert.Contains("(id M)", step.Error);
        Assert.Contains("(id A)", step.Error);
    }

    [Fact]
    public void RenamesAreListedForTheAdminCheckByTheRule()
    {
        var input = Rows(Wanted("netops@acme.example", externalId: "N1"), Wanted("Same@Acme.Example", externalId: "S1"));
        var server = new[] { Server("1", "n.ops@acme.example", externalId: "N1"), Server("2", "same@acme.example", externalId: "S1") };
        SyncMatch match = SyncPlanner.Match((input).ToInput(), (server).ToServer());
        Assert.Equal(new[] { ("n.ops@acme.example", "netops@acme.example") }, match.Renames);
        Assert.Contains("n.ops@acme.example", SyncPlanner.MayDeprovision(match, ScimDeprovisionMode.None));
    }

    [Fact]
    public void ARenameOntoAnAdminsLoginOrOfAnAdminsUserFailsAndSendsNothing()
    {
        AdminLinks admins = new();
        admins.Add("NetOps@acme.example", "ZIA admin 'netops@acme.example' (Net Ops)");
        admins.Add("helpdesk@acme.example", "ZIA admin 'helpdesk@acme.example' (Help Desk)");
        SyncRules rules = new() { Admins = admins, IncludeAdminAccounts = true };
        SyncPlan plan = SyncPlanner.Plan(
            (Rows(Wanted("netops@acme.example", externalId: "N1"), Wanted("help.desk@acme.example", externalId: "H1"), Wanted("x2@acme.example", externalId: "X1"))).ToInput(),
            (new[] { Server("1", "n.ops@acme.example", externalId: "N1"), Server("2", "helpdesk@acme.example", externalId: "H1"), Server("3", "x@acme.example", externalId: "X1") }).ToServer(),
            ScimDeprovisionMode.Disable, null, rules);
        Assert.Equal(new[] { ScimSyncAction.Failed, ScimSyncAction.Failed, ScimSyncAction.Updated }, plan.Steps.Select(p => p.Action));
        Assert.Contains("login of the ZIA admin 'netops@acme.example'", plan.Steps[0].Error);
        Assert.Contains("linked to the ZIA admin 'helpdesk@acme.example'", plan.Steps[1].Error);
        Assert.All(plan.Steps.Take(2), p => Assert.Null(p.Send));
    }
}

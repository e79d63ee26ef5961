using ZscalerScim.Scim;
using ZscalerScim.Sync;
using Xunit;

namespace ZscalerScim.Tests;

/// <summary>ZIA's own rules, checked by the planner before the first write (issue 14).</summary>
public class ZiaRulesTests
{
    private static List<InputUser> Rows(params UserFields[] users) => users.Select((u, i) => new InputUser(i + 1, u, hasUserName: true)).ToList();

    private static (string, UserFields) Server(string id, string userName, bool active = true) =>
        (id, new UserFields { UserName = userName, Active = active });

    private static SyncRules Known(params string[] domains) => new() { Domains = new RegisteredDomains(domains, "orgInformation") };

    private static SyncRules WithAdmin(string login, bool include = false)
    {
        AdminLinks admins = new();
        admins.Add(login, $"ZIA admin '{login}' (Pat Admin)");
        return new SyncRules { Domains = new RegisteredDomains(null, "nowhere"), Admins = admins, IncludeAdminAccounts = include };
    }

    [Fact]
    public void SkipsUsersOfAnUnregisteredDomainAndNamesTheDomainAndTheFix()
    {
        var plan = SyncPlanner.Plan((Rows(new UserFields { UserName = "a@acme.example" }, new UserFields { UserName = "b@contoso.com" })).ToInput(),
            (Array.Empty<(string, UserFields)>()).ToServer(), ScimDeprovisionMode.None, rules: Known("acme.example"));
        Assert.Equal(new[] { ScimSyncAction.Created, ScimSyncAction.Skipped }, plan.Steps.Select(s => s.Action));
        PlannedUser skipped = plan.Steps[1];
        Assert.False(skipped.Writes);
        Assert.Contains("contoso.com is not registered with ZIA", skipped.Error);
        Assert.Contains("Zscaler support", skipped.Error);
        Assert.Equal("domain contoso.com is not registered with ZIA: ask Zscaler support to add it", skipped.SkipReason);
    }

    [Fact]
    public void MatchesRegisteredDomainsWithoutRegardToCase()
    {
        var plan = SyncPlanner.Plan((Rows(new UserFields { UserName = "a@ACME.Example" })).ToInput(), (Array.Empty<(string, UserFields)>()).ToServer(), ScimDeprovisionMode.None, rules: Known("acme.example"));
        Assert.Equal(ScimSyncAction.Created, Assert.Single(plan.Steps).Action);
    }

    [Fact]
    public void WithoutKnownDomainsSendsEveryDomainUntilOneIsLearned()
    {
        SyncRules rules = new();
        Assert.Null(rules.Check(new UserFields { UserName = "a@contoso.com" }));
        Assert.True(rules.Domains.Learn("contoso.com"));
        Assert.False(rules.Domains.Learn("CONTOSO.com"));
        RuleBreak broken = rules.Check(new UserFields { UserName = "b@contoso.com" })!;
        Assert.Contains("refused an earlier user", broken.Message);
        Assert.Null(rules.Check(new UserFields { UserName = "c@acme.example" }));
    }

    [Theory]
    [InlineData(127, null)]
    [InlineData(128, "userName longer than 127")]
    public void LimitsTheUserIdTo127Characters(int length, string? reason)
    {
        string userName = new string('u', length - "@acme.example".Length) + "@acme.example";
        RuleBreak? broken = ZiaRules.CheckUser(new UserFields { UserName = userName }, null);
        Assert.Equal(reason is null, broken is null);
        if (reason is not null)
        {
            Assert.StartsWith(reason, broken!.Summary);
            Assert.Contains($"{length} characters", broken.Message);
        }
    }

    [Fact]
    public void LimitsTheDisplayNameTo127AndGroupNamesTo128()
    {
        Assert.Null(ZiaRules.CheckUser(new UserFields { UserName = "a@acme.example", DisplayName = new string('d', 127) }, null));
        Assert.Contains("displayName is 128 characters", ZiaRules.CheckUser(new UserFields { UserName = "a@acme.example", DisplayName = new string('d', 128) }, null)!.Message);
        Assert.Null(ZiaRules.CheckGroupName(new string('g', 128)));
        Assert.Contains("129 characters", ZiaRules.CheckGroupName(new string('g', 129))!.Message);
    }

    [Fact]
    public void SkipsAUserNameThatIsNotUserAtDomain()
    {
        Assert.StartsWith("userName is not user@domain", ZiaRules.CheckUser(new UserFields { UserName = "alice" }, null)!.Summary);
    }

    [Fact]
    public void ChecksOnlyWhatAnUpdateSends()
    {
        // The server user's userName is not sent again, so it is not checked; a too-long new displayName is.
        var server = new[] { Server("1", "a@old-domain.example") };
        var plan = SyncPlanner.Plan((Rows(new UserFields { UserName = "a@old-domain.example", DisplayName = new string('d', 200) })).ToInput(), (server).ToServer(), ScimDeprovisionMode.None, rules: Known("acme.example"));
        PlannedUser step = Assert.Single(plan.Steps);
        Assert.Equal(ScimSyncAction.Skipped, step.Action);
        Assert.Contains("displayName", step.Error);
        Assert.Equal("1", step.Id);
    }

    [Fact]
    public void ASkippedInputUserIsStillInTheSourceAndIsNeverDeprovisioned()
    {
        var server = new[] { Server("1", "a@acme.example"), Server("2", "b@acme.example") };
        var plan = SyncPlanner.Plan((Rows(new UserFields { UserName = "a@acme.example", DisplayName = new string('d', 130) }, new UserFields { UserName = "b@acme.example" })).ToInput(),
            (server).ToServer(), ScimDeprovisionMode.Delete, rules: Known("acme.example"));
        Assert.DoesNotContain(plan.Steps, s => s.Action == ScimSyncAction.Deleted);
        Assert.Equal(ScimSyncAction.Skipped, plan.Steps.Single(s => s.Id == "1").Action);
    }

    [Theory]
    [InlineData(ScimDeprovisionMode.Disable)]
    [InlineData(ScimDeprovisionMode.Delete)]
    public void KeepsAUserLinkedToAnAdminWhenDeprovisioningAndNamesTheAdmin(ScimDeprovisionMode mode)
    {
        var server = new[] { Server("1", "a@acme.example"), Server("2", "Admin@Acme.example") };
        var plan = SyncPlanner.Plan((Rows(new UserFields { UserName = "a@acme.example" })).ToInput(), (server).ToServer(), mode, rules: WithAdmin("admin@acme.example"));
        PlannedUser kept = plan.Steps.Single(s => s.Id == "2");
        Assert.Equal(ScimSyncAction.Skipped, kept.Action);
        Assert.False(kept.Deprovision);
        Assert.Contains("linked to the ZIA admin 'admin@acme.example' (Pat Admin)", kept.Error);
        Assert.Contains("-IncludeAdminAccounts", kept.Error);
        Assert.Equal(0, plan.HeldBack);
    }

    [Fact]
    public void KeepsAnAdminsUserThatTheInputDisables()
    {
        var server = new[] { Server("2", "admin@acme.example") };
        var plan = SyncPlanner.Plan((Rows(new UserFields { UserName = "admin@acme.example", Active = false })).ToInput(), (server).ToServer(), ScimDeprovisionMode.None, rules: WithAdmin("admin@acme.example"));
        Assert.Equal(ScimSyncAction.Skipped, Assert.Single(plan.Steps).Action);
    }

    [Fact]
    public void IncludeAdminAccountsDeprovisionsLinkedUsersToo()
    {
        var server = new[] { Server("1", "a@acme.example"), Server("2", "admin@acme.example") };
        var plan = SyncPlanner.Plan((Rows(new UserFields { UserName = "a@acme.example" })).ToInput(), (server).ToServer(), ScimDeprovisionMode.Disable, rules: WithAdmin("admin@acme.example", include: true));
        Assert.Equal(ScimSyncAction.Disabled, plan.Steps.Single(s => s.Id == "2").Action);
    }

    [Fact]
    public void AKeptAdminDoesNotCountTowardsTheDeprovisionLimit()
    {
        // Eleven absent users, one of them an admin: ten to disable is within the default limit of 10.
        var server = Enumerable.Range(1, 10).Select(n => Server($"{n}", $"u{n}@acme.example")).Append(Server("a", "admin@acme.example")).ToArray();
        var plan = SyncPlanner.Plan((Rows(new UserFields { UserName = "new@acme.example" })).ToInput(), (server).ToServer(), ScimDeprovisionMode.Disable, rules: WithAdmin("admin@acme.example"));
        Assert.Equal(0, plan.HeldBack);
        Assert.Equal(10, plan.Steps.Count(s => s.Action == ScimSyncAction.Disabled));
    }

    [Theory]
    [InlineData("https://scim.zscalertwo.net/24326813/71236/scim", 24326813L)]
    [InlineData("http://127.0.0.1:5000/24326813/71236/scim/", 24326813L)]
    [InlineData("https://scim.example/v2", null)]
    public void ReadsTheOrganizationOfASimBaseUrl(string url, long? org) => Assert.Equal(org, SyncRules.OrgIdOf(new Uri(url)));
}

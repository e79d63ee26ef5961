using System;
using System.Collections.Generic;
using System.Linq;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Xunit;
using ZscalerScim.Internal;
using ZscalerScim.Scim;
using ZscalerScim.Sync;

namespace ZscalerScim.Tests;

/// <summary>The packed tables a sync plans from give back exactly what went in, and the key indexes find what they hold.</summary>
public class UserTableTests
{
    private static UserFields Full(int n) => new()
    {
        UserName = $"user{n}@acme.example",
        ExternalId = $"ext-{n}",
        DisplayName = $"User {n}",
        GivenName = "Given",
        FamilyName = "Family",
        Email = $"user{n}@acme.example",
        Department = "Sales",
        Title = n % 2 == 0 ? null : "Engineer",
        Active = n % 3 == 0 ? null : n % 3 == 1,
    };

    private static void Same(UserFields expected, UserFields actual)
    {
        foreach (UserAttribute attribute in UserAttributes.Text)
        {
            Assert.Equal(attribute.Get(expected), attribute.Get(actual));
        }
        Assert.Equal(expected.Active, actual.Active);
    }

    [Fact]
    public void GivesBackEveryValueAsItWentInAcrossManyBlocks()
    {
        UserTable table = new();
        // About 150 bytes a user: 20,000 users fill three blocks of 1 MiB.
        for (int n = 0; n < 20000; n++)
        {
            Assert.Equal(n, table.Add($"id-{n}", Full(n), marked: n % 5 == 0));
        }
        foreach (int n in new[] { 0, 1, 2, 6999, 7000, 7001, 13999, 19999 })
        {
            Same(Full(n), table.Fields(n));
            Assert.Equal($"id-{n}", table.Id(n));
            Assert.Equal($"user{n}@acme.example", table.UserName(n));
            Assert.Equal($"ext-{n}", table.ExternalId(n));
            Assert.Equal(Full(n).Active, table.Active(n));
            Assert.Equal(n % 5 == 0, table.IsMarked(n));
        }
    }

    [Fact]
    public void KeepsNullApartFromEmptyAndKeepsTextThatIsNotAscii()
    {
        UserTable table = new();
        UserFields user = new() { UserName = "rene\u0301@acme.example", DisplayName = "", GivenName = "Ren\u00e9 \U0001F600", Department = null, Title = new string('t', 20000) };
        table.Add(null, user);
        UserFields back = table.Fields(0);
        Same(user, back);
        Assert.Null(table.Id(0));
        Assert.Equal("", back.DisplayName);
        Assert.Null(back.Department);
        Assert.Null(table.ExternalId(0));
    }

    [Fact]
    public void KeepsALoneSurrogateExactlyAsItCame()
    {
        // UTF-8 cannot hold it: such a user is kept as it came, never with a replacement character.
        UserTable table = new();
        UserFields broken = new() { UserName = "a\uD800b@acme.example", Email = "x@acme.example", Active = false };
        table.Add("1", Full(1));
        table.Add("2", broken);
        table.Add("3", Full(3));
        Assert.Equal("a\uD800b@acme.example", table.UserName(1));
        Same(broken, table.Fields(1));
        Assert.Equal("2", table.Id(1));
        Same(Full(3), table.Fields(2));
    }

    [Fact]
    public void AValueLargerThanABlockGetsABlockOfItsOwn()
    {
        UserTable table = new();
        table.Add("1", Full(1));
        UserFields huge = new() { UserName = "big@acme.example", DisplayName = new string('d', 3 * 1024 * 1024) };
        table.Add("2", huge);
        table.Add("3", Full(3));
        Same(huge, table.Fields(1));
        Same(Full(1), table.Fields(0));
        Same(Full(3), table.Fields(2));
    }

    [Fact]
    public void TakesBackTheLastUser()
    {
        UserTable table = new();
        table.Add("1", Full(1));
        table.Add("2", Full(2));
        table.RemoveLast();
        table.Add("3", Full(3));
        Assert.Equal(2, table.Count);
        Assert.Equal("3", table.Id(1));
        Same(Full(3), table.Fields(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => table.Fields(2));
    }

    [Fact]
    public void AKeyIndexFindsEachKeyByItsRuleAndAnswersADuplicateWithTheFirst()
    {
        string[] names = Enumerable.Range(0, 5000).Select(n => $"User{n}@Acme.Example").ToArray();
        KeyIndex index = new(0, UserNameComparer.Instance, p => names[p]);
        for (int p = 0; p < names.Length; p++)
        {
            Assert.Equal(-1, index.Add(names[p], p));
        }
        Assert.Equal(1234, index.Find("user1234@acme.example"));
        Assert.Equal(-1, index.Find("user5000@acme.example"));
        Assert.Equal(42, index.Add("USER42@ACME.EXAMPLE", 9999));
        Assert.Equal(42, index.Find("user42@acme.example"));
    }

    [Fact]
    public void ServerUsersKeepEachIdOnceAndNameTheUsersThatShareAKey()
    {
        ServerUsers server = new();
        Assert.True(server.Add("1", new UserFields { UserName = "a@acme.example", ExternalId = "x" }));
        Assert.False(server.Add("1", new UserFields { UserName = "other@acme.example" }));
        Assert.True(server.Add("2", new UserFields { UserName = "A@ACME.example", ExternalId = "y" }));
        Assert.True(server.Add("3", new UserFields { UserName = "c@acme.example", ExternalId = "x" }));
        Assert.Equal(3, server.Count);
        Assert.Equal(new[] { 0, 1 }, server.SameUserName["a@acme.example"]);
        Assert.Equal(new[] { 0, 2 }, server.SameExternalId["x"]);
        Assert.Equal(1, server.FindByExternalId("y"));
        Assert.Equal(-1, server.FindByUserName("other@acme.example"));
    }

    [Fact]
    public void AUserStreamedInIsReadAsAWholeOneIs()
    {
        JObject raw = JObject.Parse("""
            {"id":"7","userName":"ann@acme.example","name":{"givenName":"Ann","middleName":"Q","familyName":"Lee"},
             "emails":[{"value":"other@acme.example","primary":"false"},{"value":"ann@acme.example","primary":"true"}],
             "active":"False","department":"Top","title":12,
             "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"Sales","manager":{"value":"9"}},
             "groups":[{"value":"g","display":"G"}],"meta":{"created":"2026-01-01T00:00:00Z"}}
            """);
        (string id, UserFields fields) = ScimResources.ReadUser(raw.CreateReader());
        Assert.Equal("7", id);
        Same(new UserFields { UserName = "ann@acme.example", GivenName = "Ann", FamilyName = "Lee", Email = "ann@acme.example", Department = "Sales", Title = "12", Active = false }, fields);

        // No primary address: the first; no extension: the top-level department; no active: active.
        (_, UserFields plain) = ScimResources.ReadUser(JObject.Parse("""{"userName":"b","emails":[{"value":"first@x"},{"value":"second@x"}],"department":"Ops","name":null}""").CreateReader());
        Same(new UserFields { UserName = "b", Email = "first@x", Department = "Ops", Active = true }, plain);
    }

    [Fact]
    public void AUserWhoseValueIsNoTextIsUnreadableNotGuessed()
    {
        JsonReaderException ex = Assert.Throws<JsonReaderException>(() => ScimResources.ReadUser(JObject.Parse("""{"userName":{"x":1}}""").CreateReader()));
        Assert.Contains("userName", ex.Message);
    }

    [Fact]
    public void AStreamedGroupIsReadAsTheSnapshotNeedsIt()
    {
        JObject raw = JObject.Parse("""
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"id":"g1","displayName":"Sales","externalId":7,
             "members":[{"value":"u1","display":"Ann","$ref":"https://x/Users/u1"},{"display":"no value"},"not an object",[{"value":"nested"}],{"value":"u2"}],
             "meta":{"lastModified":"2026-01-01T00:00:00Z"}}
            """);
        List<string> handed = new();
        var group = ScimResources.ReadGroup(raw.CreateReader(), id => { handed.Add(id); return id; });
        Assert.Equal("g1", group.Id);
        Assert.Equal("Sales", group.DisplayName);
        Assert.Equal("7", group.ExternalId);
        // An entry that names no member (no value, not an object) is left out: nothing the sync could add or remove.
        Assert.Equal(new[] { "u1", "u2" }, group.MemberIds);
        Assert.Equal(group.MemberIds, handed);

        var bare = ScimResources.ReadGroup(JObject.Parse("""{"id":"g2","displayName":"Ops","members":null}""").CreateReader(), id => id);
        Assert.Empty(bare.MemberIds);
        Assert.Null(bare.ExternalId);
        Assert.Throws<JsonReaderException>(() => ScimResources.ReadGroup(JObject.Parse("""{"id":"g3","displayName":["x"]}""").CreateReader(), id => id));
    }
}

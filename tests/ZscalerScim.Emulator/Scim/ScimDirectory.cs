namespace ZscalerScim.Emulator.Scim;

/// <summary>
/// One IdP's users and groups. One lock guards it, so each call is atomic; membership is kept
/// both ways (a group's member ids and each user's group ids). Users and groups keep creation
/// order, which is the order of list pages. Users are indexed by id and by userName (case-insensitive),
/// groups by id and displayName, so filtered reads of a 2,000-user directory stay cheap. userNames are unique
/// without regard to case, as in ZIA, unless <paramref name="caseExactUserNames"/> says this server keeps them
/// apart by case (a server that breaks ZIA's rule, for the tests of a client that must notice).
/// </summary>
public sealed class ScimDirectory(Func<string>? newId = null, Func<bool>? caseExactUserNames = null)
{
    private readonly Func<string> _newId = newId ?? (() => Guid.NewGuid().ToString());
    private readonly Func<bool> _caseExact = caseExactUserNames ?? (() => false);
    private readonly HashSet<string> _managedGroups = new(StringComparer.Ordinal);

    /// <summary>Zscaler: a user belongs to at most 128 groups.</summary>
    public const int MaxGroupsPerUser = 128;

    private readonly Lock _gate = new();
    private readonly OrderedDictionary<string, StoredUser> _users = new(StringComparer.Ordinal);
    // Several users per key only on a case-exact server (ann@ and ANN@).
    private readonly Dictionary<string, List<StoredUser>> _usersByName = new(StringComparer.OrdinalIgnoreCase);
    private readonly OrderedDictionary<string, StoredGroup> _groups = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StoredGroup> _groupsByName = new(StringComparer.OrdinalIgnoreCase);

    private sealed class StoredUser(string id, UserAttributes attributes, DateTimeOffset now)
    {
        public string Id { get; } = id;
        public UserAttributes Attributes { get; set; } = attributes;
        public DateTimeOffset Created { get; } = now;
        public DateTimeOffset LastModified { get; set; } = now;
        public HashSet<string> GroupIds { get; } = new(StringComparer.Ordinal);
    }

    private sealed class StoredGroup(string id, GroupAttributes attributes, DateTimeOffset now)
    {
        public string Id { get; } = id;
        public GroupAttributes Attributes { get; set; } = attributes;
        public DateTimeOffset Created { get; } = now;
        public DateTimeOffset LastModified { get; set; } = now;
        public HashSet<string> MemberIds { get; set; } = new(StringComparer.Ordinal);
    }

    // Millisecond precision: what the representation shows is exactly what `meta.lastModified gt` compares.
    private static DateTimeOffset Now()
    {
        var now = DateTimeOffset.UtcNow;
        return new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
    }

    private string NewId() => _newId();

    /// <summary>A group the server manages itself (ZIdentity's dynamic groups): clients may read it, never change it.</summary>
    public ScimGroup CreateManagedGroup(string displayName)
    {
        var group = CreateGroup(new GroupAttributes { DisplayName = displayName }, []);
        lock (_gate)
        {
            _managedGroups.Add(group.Id);
        }
        return group;
    }

    public bool IsManaged(string groupId)
    {
        lock (_gate)
        {
            return _managedGroups.Contains(groupId);
        }
    }

    // ---- users ----

    /// <exception cref="ScimException">409 uniqueness when the userName is taken.</exception>
    public ScimUser CreateUser(UserAttributes attributes) => CreateUsers([attributes])[0];

    /// <summary>Creates all or none (the control API's seeding).</summary>
    /// <exception cref="ScimException">409 uniqueness when a userName is taken or repeated.</exception>
    public IReadOnlyList<ScimUser> CreateUsers(IReadOnlyList<UserAttributes> users)
    {
        lock (_gate)
        {
            var names = new HashSet<string>(_caseExact() ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase);
            foreach (var attributes in users)
            {
                if (Taken(attributes.UserName, null) || !names.Add(attributes.UserName))
                {
                    throw UserNameTaken(attributes.UserName);
                }
            }
            var now = Now();
            var created = new List<ScimUser>(users.Count);
            foreach (var attributes in users)
            {
                var user = new StoredUser(NewId(), attributes, now);
                _users.Add(user.Id, user);
                AddName(user);
                created.Add(Snapshot(user));
            }
            return created;
        }
    }

    public ScimUser? FindUser(string id)
    {
        lock (_gate)
        {
            return _users.TryGetValue(id, out var user) ? Snapshot(user) : null;
        }
    }

    /// <summary>
    /// PUT and PATCH: <paramref name="change"/> turns the current attributes into the new ones (it
    /// runs under the lock and may throw; then nothing changes).
    /// </summary>
    /// <exception cref="ScimException">404, 409 uniqueness, or what <paramref name="change"/> throws.</exception>
    public ScimUser UpdateUser(string id, Func<UserAttributes, UserAttributes> change)
    {
        lock (_gate)
        {
            var user = RequireUser(id);
            var next = change(user.Attributes);
            var oldName = user.Attributes.UserName;
            if (Taken(next.UserName, user))
            {
                throw UserNameTaken(next.UserName);
            }
            RemoveName(user);
            user.Attributes = next;
            AddName(user);
            user.LastModified = Now();
            return Snapshot(user);
        }
    }

    /// <exception cref="ScimException">404.</exception>
    public void DeleteUser(string id)
    {
        lock (_gate)
        {
            var user = RequireUser(id);
            var now = Now();
            foreach (var groupId in user.GroupIds)
            {
                var group = _groups[groupId];
                group.MemberIds.Remove(id);
                group.LastModified = now;
            }
            _users.Remove(id);
            RemoveName(user);
        }
    }

    /// <summary>One page of the users matching <paramref name="filter"/> (all when null), and how many match.</summary>
    public (int Total, IReadOnlyList<ScimUser> Page) QueryUsers(ScimFilter? filter, int startIndex, int count)
    {
        lock (_gate)
        {
            if (filter is null)
            {
                return (_users.Count, PageOf(_users, startIndex, count, Snapshot));
            }
            IEnumerable<StoredUser> candidates =
                filter.RequiredEquality("id") is { } id ? (_users.TryGetValue(id, out var byId) ? [byId] : [])
                : filter.RequiredEquality("username") is { } name ? (_usersByName.TryGetValue(name, out var byName) ? [.. byName] : [])
                : _users.Values;
            var matches = candidates.Where(user => filter.Matches(c => MatchUser(user, c))).ToList();
            return (matches.Count, [.. matches.Skip(startIndex - 1).Take(count).Select(Snapshot)]);
        }
    }

    private static bool MatchUser(StoredUser user, FilterComparison comparison) =>
        comparison.Attribute switch
        {
            "username" => string.Equals(user.Attributes.UserName, comparison.Text, StringComparison.OrdinalIgnoreCase),
            "externalid" => string.Equals(user.Attributes.ExternalId, comparison.Text, StringComparison.Ordinal),
            "id" => string.Equals(user.Id, comparison.Text, StringComparison.Ordinal),
            "meta.lastmodified" => user.LastModified > comparison.Time,
            _ => false,
        };

    public IReadOnlyList<ScimUser> AllUsers()
    {
        lock (_gate)
        {
            return [.. _users.Values.Select(Snapshot)];
        }
    }

    // ---- groups ----

    /// <exception cref="ScimException">409 uniqueness, 400 invalidValue for an unknown member or the 128-group limit.</exception>
    public ScimGroup CreateGroup(GroupAttributes attributes, IReadOnlyCollection<string> memberIds)
    {
        lock (_gate)
        {
            var group = new StoredGroup(NewId(), attributes, Now());
            CheckGroupName(group, attributes.DisplayName);
            var members = new HashSet<string>(memberIds, StringComparer.Ordinal);
            CheckMembers(group, members);
            _groups.Add(group.Id, group);
            _groupsByName.Add(attributes.DisplayName, group);
            SetMembers(group, members);
            return Snapshot(group, includeMembers: true);
        }
    }

    public ScimGroup? FindGroup(string id, bool includeMembers)
    {
        lock (_gate)
        {
            return _groups.TryGetValue(id, out var group) ? Snapshot(group, includeMembers) : null;
        }
    }

    /// <summary>
    /// PUT and PATCH: <paramref name="change"/> edits a private draft (under the lock); the draft is
    /// committed only when it and the membership rules hold, so a failing PATCH changes nothing.
    /// </summary>
    /// <exception cref="ScimException">404, 409, 400 invalidValue, or what <paramref name="change"/> throws.</exception>
    public ScimGroup UpdateGroup(string id, Action<GroupDraft> change)
    {
        lock (_gate)
        {
            var group = RequireGroup(id);
            var draft = new GroupDraft(group.Attributes, group.MemberIds);
            change(draft);
            var oldName = group.Attributes.DisplayName;
            if (!draft.Attributes.DisplayName.Equals(oldName, StringComparison.OrdinalIgnoreCase))
            {
                CheckGroupName(group, draft.Attributes.DisplayName);
            }
            CheckMembers(group, draft.MemberIds);
            _groupsByName.Remove(oldName);
            _groupsByName[draft.Attributes.DisplayName] = group;
            group.Attributes = draft.Attributes;
            SetMembers(group, draft.MemberIds);
            group.LastModified = Now();
            return Snapshot(group, includeMembers: true);
        }
    }

    /// <exception cref="ScimException">404.</exception>
    public void DeleteGroup(string id)
    {
        lock (_gate)
        {
            var group = RequireGroup(id);
            foreach (var memberId in group.MemberIds)
            {
                _users[memberId].GroupIds.Remove(id);
            }
            _groups.Remove(id);
            _groupsByName.Remove(group.Attributes.DisplayName);
        }
    }

    public (int Total, IReadOnlyList<ScimGroup> Page) QueryGroups(ScimFilter? filter, int startIndex, int count, bool includeMembers)
    {
        lock (_gate)
        {
            if (filter is null)
            {
                return (_groups.Count, PageOf(_groups, startIndex, count, group => Snapshot(group, includeMembers)));
            }
            IEnumerable<StoredGroup> candidates =
                filter.RequiredEquality("id") is { } id ? (_groups.TryGetValue(id, out var byId) ? [byId] : [])
                : filter.RequiredEquality("displayname") is { } name ? (_groupsByName.TryGetValue(name, out var byName) ? [byName] : [])
                : filter.RequiredEquality("members.value") is { } memberId
                    ? (_users.TryGetValue(memberId, out var member) ? [.. _groups.Values.Where(g => member.GroupIds.Contains(g.Id))] : [])
                : _groups.Values;
            var matches = candidates.Where(group => filter.Matches(c => MatchGroup(group, c))).ToList();
            return (matches.Count, [.. matches.Skip(startIndex - 1).Take(count).Select(group => Snapshot(group, includeMembers))]);
        }
    }

    private static bool MatchGroup(StoredGroup group, FilterComparison comparison) =>
        comparison.Attribute switch
        {
            "displayname" => string.Equals(group.Attributes.DisplayName, comparison.Text, StringComparison.OrdinalIgnoreCase),
            "externalid" => string.Equals(group.Attributes.ExternalId, comparison.Text, StringComparison.Ordinal),
            "id" => string.Equals(group.Id, comparison.Text, StringComparison.Ordinal),
            "members.value" => comparison.Text is { } member && group.MemberIds.Contains(member),
            _ => false,
        };

    public IReadOnlyList<ScimGroup> AllGroups()
    {
        lock (_gate)
        {
            return [.. _groups.Values.Select(group => Snapshot(group, includeMembers: true))];
        }
    }

    // ---- helpers; callers hold the lock ----

    private StoredUser RequireUser(string id) =>
        _users.TryGetValue(id, out var user) ? user : throw ScimException.NotFound($"User {id} not found");

    private StoredGroup RequireGroup(string id) =>
        _groups.TryGetValue(id, out var group) ? group : throw ScimException.NotFound($"Group {id} not found");

    /// <summary>Whether another user than <paramref name="self"/> holds the name (in any case, unless the server is case-exact).</summary>
    private bool Taken(string userName, StoredUser? self) =>
        _usersByName.TryGetValue(userName, out var holders) &&
        holders.Any(u => u != self && (!_caseExact() || string.Equals(u.Attributes.UserName, userName, StringComparison.Ordinal)));

    private void AddName(StoredUser user)
    {
        if (!_usersByName.TryGetValue(user.Attributes.UserName, out var holders))
        {
            _usersByName[user.Attributes.UserName] = holders = [];
        }
        holders.Add(user);
    }

    private void RemoveName(StoredUser user)
    {
        if (_usersByName.TryGetValue(user.Attributes.UserName, out var holders) && holders.Remove(user) && holders.Count == 0)
        {
            _usersByName.Remove(user.Attributes.UserName);
        }
    }

    private static ScimException UserNameTaken(string userName) =>
        ScimException.Uniqueness($"A user with userName '{userName}' already exists");

    private void CheckGroupName(StoredGroup group, string displayName)
    {
        if (_groupsByName.TryGetValue(displayName, out var other) && other != group)
        {
            throw ScimException.Uniqueness($"A group with displayName '{displayName}' already exists");
        }
    }

    // Every member must be a user of this IdP, and no user may pass the group limit.
    private void CheckMembers(StoredGroup group, HashSet<string> memberIds)
    {
        foreach (var memberId in memberIds)
        {
            if (!_users.TryGetValue(memberId, out var user))
            {
                throw ScimException.InvalidValue($"Member {memberId} is not a user of this identity provider");
            }
            if (!group.MemberIds.Contains(memberId) && user.GroupIds.Count >= MaxGroupsPerUser)
            {
                throw ScimException.InvalidValue(
                    $"User {memberId} ({user.Attributes.UserName}) already belongs to {MaxGroupsPerUser} groups, the most Zscaler allows");
            }
        }
    }

    private void SetMembers(StoredGroup group, HashSet<string> memberIds)
    {
        foreach (var removed in group.MemberIds.Where(id => !memberIds.Contains(id)))
        {
            _users[removed].GroupIds.Remove(group.Id);
        }
        foreach (var added in memberIds)
        {
            _users[added].GroupIds.Add(group.Id);
        }
        group.MemberIds = memberIds;
    }

    private static IReadOnlyList<TOut> PageOf<TIn, TOut>(OrderedDictionary<string, TIn> items, int startIndex, int count, Func<TIn, TOut> map)
    {
        var page = new List<TOut>(Math.Max(0, Math.Min(count, items.Count - startIndex + 1)));
        for (var index = startIndex - 1; index < items.Count && page.Count < count; index++)
        {
            page.Add(map(items.GetAt(index).Value));
        }
        return page;
    }

    private ScimUser Snapshot(StoredUser user) => new(
        user.Id, user.Attributes, user.Created, user.LastModified,
        [.. user.GroupIds.Select(id => new ScimRef(id, _groups[id].Attributes.DisplayName))]);

    private ScimGroup Snapshot(StoredGroup group, bool includeMembers) => new(
        group.Id, group.Attributes, group.Created, group.LastModified,
        includeMembers ? [.. group.MemberIds.Select(id => new ScimRef(id, DisplayOf(_users[id].Attributes)))] : null);

    private static string DisplayOf(UserAttributes user) =>
        string.IsNullOrEmpty(user.DisplayName) ? user.UserName : user.DisplayName;
}

using k8s.Models;

namespace Frontier.Runtime.Tests;

public sealed class ConditionsTests
{
    private static readonly DateTime T0 = new(2025, 1, 2, 3, 4, 5, 678, DateTimeKind.Utc);
    private static readonly DateTime T1 = T0.AddMinutes(5);

    [Fact]
    public void Set_adds_a_new_condition_with_transition_time_in_whole_utc_seconds()
    {
        var conditions = new List<V1Condition>();
        Assert.True(Conditions.Set(conditions, "Ready", true, "Reconciled", "all good", 3, T0));
        var ready = Assert.Single(conditions);
        Assert.Equal(("Ready", "True", "Reconciled", "all good", 3L), (ready.Type, ready.Status, ready.Reason, ready.Message, ready.ObservedGeneration!.Value));
        Assert.Equal(new DateTime(2025, 1, 2, 3, 4, 5, DateTimeKind.Utc), ready.LastTransitionTime);
        Assert.Equal(DateTimeKind.Utc, ready.LastTransitionTime.Kind);
    }

    [Fact]
    public void Transition_time_changes_only_when_status_flips()
    {
        var conditions = new List<V1Condition>();
        Conditions.Set(conditions, "Ready", true, "Reconciled", "ok", 1, T0);
        var first = conditions[0].LastTransitionTime;

        Assert.True(Conditions.Set(conditions, "Ready", true, "StillFine", "different message", 1, T1));
        Assert.Equal(first, conditions[0].LastTransitionTime);
        Assert.Equal(("StillFine", "different message"), (conditions[0].Reason, conditions[0].Message));

        Assert.True(Conditions.Set(conditions, "Ready", false, "Broken", "boom", 1, T1));
        Assert.Equal(new DateTime(2025, 1, 2, 3, 9, 5, DateTimeKind.Utc), conditions[0].LastTransitionTime);
        Assert.Equal("False", conditions[0].Status);
    }

    [Fact]
    public void Setting_the_same_values_reports_no_change()
    {
        var conditions = new List<V1Condition>();
        Conditions.Set(conditions, "Ready", true, "Reconciled", "ok", 1, T0);
        Assert.False(Conditions.Set(conditions, "Ready", true, "Reconciled", "ok", 1, T1));
        Assert.Equal(new DateTime(2025, 1, 2, 3, 4, 5, DateTimeKind.Utc), conditions[0].LastTransitionTime);
    }

    [Fact]
    public void Observed_generation_is_updated_without_a_transition()
    {
        var conditions = new List<V1Condition>();
        Conditions.Set(conditions, "Ready", true, "Reconciled", "ok", 1, T0);
        Assert.True(Conditions.Set(conditions, "Ready", true, "Reconciled", "ok", 2, T1));
        Assert.Equal(2, conditions[0].ObservedGeneration);
        Assert.Equal(new DateTime(2025, 1, 2, 3, 4, 5, DateTimeKind.Utc), conditions[0].LastTransitionTime);
        Assert.True(Conditions.Set(conditions, "Ready", true, "Reconciled", "ok", null, T1));
        Assert.Null(conditions[0].ObservedGeneration);
    }

    [Fact]
    public void Conditions_of_other_types_are_left_alone()
    {
        var conditions = new List<V1Condition>();
        Conditions.Set(conditions, "Ready", true, "Reconciled", "ok", 1, T0);
        Conditions.Set(conditions, "Degraded", false, "NoProblems", "", 1, T0);
        Conditions.Set(conditions, "Degraded", true, "Overloaded", "queue too long", 1, T1);
        Assert.Equal(2, conditions.Count);
        Assert.True(Conditions.IsTrue(conditions, "Ready"));
        Assert.True(Conditions.IsTrue(conditions, "Degraded"));
        Assert.Equal(new DateTime(2025, 1, 2, 3, 4, 5, DateTimeKind.Utc), Conditions.Find(conditions, "Ready")!.LastTransitionTime);
    }

    [Fact]
    public void Find_IsTrue_and_Remove()
    {
        var conditions = new List<V1Condition>();
        Assert.Null(Conditions.Find(conditions, "Ready"));
        Assert.Null(Conditions.Find(null, "Ready"));
        Assert.False(Conditions.IsTrue(null, "Ready"));
        Conditions.Set(conditions, "Ready", false, "Pending", "waiting", null, T0);
        Assert.NotNull(Conditions.Find(conditions, "Ready"));
        Assert.False(Conditions.IsTrue(conditions, "Ready"));
        Assert.True(Conditions.Remove(conditions, "Ready"));
        Assert.False(Conditions.Remove(conditions, "Ready"));
        Assert.Empty(conditions);
    }

    [Fact]
    public void Unspecified_kind_is_taken_as_utc()
    {
        var conditions = new List<V1Condition>();
        Conditions.Set(conditions, "Ready", true, "R", "m", null, new DateTime(2025, 6, 1, 12, 0, 0, 900, DateTimeKind.Unspecified));
        Assert.Equal(new DateTime(2025, 6, 1, 12, 0, 0, DateTimeKind.Utc), conditions[0].LastTransitionTime);
    }
}

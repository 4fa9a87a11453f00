using DtSmdrl.Pipeline.Agent;

namespace DtSmdrl.Pipeline.Tests.Agent;

[TestClass]
public sealed class PidLagrangianTests
{
    [TestMethod]
    public void RisesAboveTheLimitAndFallsToZeroBelowIt()
    {
        var controller = new PidLagrangian(costLimit: 0.2, kp: 0, ki: 0.1, kd: 0, maxLambda: 100);
        var previous = controller.Lambda;
        for (var i = 0; i < 5; i++)
        {
            controller.Update(0.7);
            Assert.AreEqual(previous + 0.1 * 0.5, controller.Lambda, 1e-12, "plain dual ascent step Ki * (J_c - d)");
            previous = controller.Lambda;
        }
        for (var i = 0; i < 3; i++)
        {
            controller.Update(0.0);
            Assert.IsLessThan(previous, controller.Lambda);
            previous = controller.Lambda;
        }
        for (var i = 0; i < 10; i++)
            controller.Update(0.0);
        Assert.AreEqual(0.0, controller.Lambda, "clipped at zero, not negative");
        controller.Update(0.3);
        Assert.AreEqual(0.01, controller.Lambda, 1e-12, "no wind-down debt: the multiplier rises again at once");
    }

    [TestMethod]
    public void ProportionalAndDerivativeTermsReactToTheCurrentViolationAndItsRise()
    {
        var controller = new PidLagrangian(costLimit: 1, kp: 2, ki: 0.5, kd: 3, maxLambda: 100);
        controller.Update(1.5); // P = 1, I = 0.5 -> 0.25, D = 0 (no previous)
        Assert.AreEqual(1.25, controller.Lambda, 1e-12);
        controller.Update(2.0); // P = 2, I = 1.5 -> 0.75, D = 3 * 0.5
        Assert.AreEqual(4.25, controller.Lambda, 1e-12);
        controller.Update(0.5); // P = -1, I = 1.0 -> 0.5, D = 0 (falling)
        Assert.AreEqual(0.0, controller.Lambda, 1e-12, "P + I < 0 is clipped to 0");
    }

    [TestMethod]
    public void StaysWithinTheCapAndStateRoundTrips()
    {
        var controller = new PidLagrangian(costLimit: 0, kp: 0, ki: 1, kd: 0, maxLambda: 2);
        for (var i = 0; i < 10; i++)
            controller.Update(1);
        Assert.AreEqual(2.0, controller.Lambda);
        controller.Update(-0.5);
        Assert.AreEqual(1.5, controller.Lambda, 1e-12, "anti-windup: the integral was capped at max / Ki");
        var copy = new PidLagrangian(0, 0, 1, 0, 2);
        copy.Restore(controller.ToState());
        Assert.AreEqual(controller.Update(0.25), copy.Update(0.25));
    }
}

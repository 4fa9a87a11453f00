// Progressive enhancement only: every form works without it.
// The override's regimen choice is enabled only when "Override" is selected, so an accept never carries one.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form[data-decision]");
  if (!form) return;
  const plan = form.querySelector("select[name=ChosenRegimen]");
  const sync = () => { plan.disabled = form.querySelector("input[name=Decision]:checked")?.value !== "overridden"; };
  form.querySelectorAll("input[name=Decision]").forEach(r => r.addEventListener("change", sync));
  sync();
});

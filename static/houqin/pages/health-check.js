// Show "exception" on a child's row as soon as something is entered, before saving.
document.getElementById("check-form").addEventListener("input", function (event) {
  const row = event.target.closest(".check-row");
  if (!row) return;
  const badge = row.querySelector(".status-badge .badge");
  const holder = row.querySelector(".status-badge");
  if (!badge || badge.classList.contains("text-bg-danger")) return;
  const action = row.querySelector("input[type=radio]:checked");
  const changed = row.querySelector("input[type=checkbox]:checked") || row.querySelector("input[type=number]").value ||
    row.querySelector("input[type=text]").value || (action && action.value !== "admitted");
  badge.className = "badge " + (changed ? "text-bg-warning" : "text-bg-success");
  badge.textContent = changed ? holder.dataset.exception : holder.dataset.fine;
  row.classList.toggle("list-group-item-warning", Boolean(action && action.value === "sent_home"));
});

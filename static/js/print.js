// Print buttons (data-print) of the minutes, the ledger and the printed lists: CSP forbids inline handlers.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-print]");
  if (button) {
    event.preventDefault();
    window.print();
  }
});

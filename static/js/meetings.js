// Meetings: print buttons (CSP forbids inline handlers, so they are wired here).
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-print]");
  if (button) {
    event.preventDefault();
    window.print();
  }
});

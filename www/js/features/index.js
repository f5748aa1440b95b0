// The page's optional features, each a module with `install(instance)` that adds its own panel
// (into the template's data-slot containers) and listens to the instance's events.
export const features = [];

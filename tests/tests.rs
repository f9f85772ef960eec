//! The one integration-test binary (`autotests = false`): each area is a module.

mod github;

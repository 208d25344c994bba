/** Public surface of the sign-in feature: the screen shown when nobody is signed in. */
export { default as SignInScreen } from "./SignInScreen.svelte";

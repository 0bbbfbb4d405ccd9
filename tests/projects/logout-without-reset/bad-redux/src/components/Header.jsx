import { connect } from "react-redux";
import { logOut } from "../redux/actions/account";

function Header({ logOut }) {
  return <button onClick={logOut}>Log out</button>;
}

// ok: hands on to the action's logOut, which is reported there
const mapDispatchToProps = (dispatch) => ({
  logOut: () => dispatch(logOut()),
});

export default connect(null, mapDispatchToProps)(Header);
